package dev.hubkit.hub;

import static dev.hubkit.hub.PythonProcess.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the official Python client {@code huggingface_hub}: it talks to {@code hubkit serve}
 * (info, refs, commits, trees, paths-info, HfFileSystem, auth checks, abbreviated commit ids, typed errors, a
 * gated dataset, downloads into a
 * cache holding a partial blob) and hubkit reads the cache it wrote offline; then it reads, offline, a cache
 * hubkit wrote. The checks
 * are in {@code src/test/python/hf_hub_interop.py}. Skipped unless the Python named by
 * {@code HUBKIT_HF_PYTHON} (default {@code python3}) imports huggingface_hub: Debian does not package
 * it and CI has no PyPI, so this runs where a developer has it (e.g. in a virtual environment).
 */
class PythonHubInteropTest {
    private static final String GATED_TOKEN = "hf_gated_test_token";

    @TempDir
    Path tmp;

    @Test
    void officialPythonClientAndHubkitShareServerAndCache() throws Exception {
        String python = System.getenv().getOrDefault("HUBKIT_HF_PYTHON", "python3");
        assumeTrue(imports(python), python + " cannot import huggingface_hub (set HUBKIT_HF_PYTHON to one that can)");
        Path script = Path.of(System.getProperty("basedir", ".")).resolve("src/test/python/hf_hub_interop.py")
                .toAbsolutePath();
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 3 << 20);
        Files.createDirectories(root.resolve("datasets/acme/data"));
        Files.writeString(root.resolve("datasets/acme/data/train.csv"), "x,y\n1,2\n");
        byte[] big = Files.readAllBytes(root.resolve("acme/tiny/big.bin"));
        String bigSha = Fixtures.sha256(big);
        Path pyCache = tmp.resolve("py-cache");
        // Downloads that stopped after 1 MB, as hubkit and huggingface_hub before 1.x leave them (resumed
        // with Range) and as later huggingface_hub releases leave them when killed (a per-process name,
        // never resumed): whichever the client does with them, the blob must come out whole.
        Path blobs = Files.createDirectories(pyCache.resolve("models--acme--tiny/blobs"));
        Files.write(blobs.resolve(bigSha + ".incomplete"), Arrays.copyOf(big, 1 << 20));
        Files.write(blobs.resolve(bigSha + ".0123abcd.incomplete"), Arrays.copyOf(big, 1 << 20));
        Path hubkitCache = tmp.resolve("hubkit-cache");
        ServerOptions options = new ServerOptions("127.0.0.1", 0, new DirectoryRepoStore(root, 1 << 20), Map.of(),
                Map.of("datasets/acme/data", GATED_TOKEN), 8);
        try (HubServer server = HubServer.start(options)) {
            String out = run(python, script.toString(), "online", server.endpoint().toString(), pyCache.toString(),
                    bigSha, GATED_TOKEN);
            Path repoDir = pyCache.resolve("models--acme--tiny");
            String commit = Files.readString(repoDir.resolve("refs/main")).strip();
            assertThat(out).contains("SNAPSHOT " + repoDir.resolve("snapshots/" + commit));
            assertThat(blobs.resolve(bigSha)).hasBinaryContent(big);
            try (HubClient off = new HubClient(HubSettings.of("http://127.0.0.1:9", pyCache).withOffline(true))) {
                assertThat(Files.readAllBytes(off.downloadFile(RepoRef.model("acme/tiny"), "big.bin", "main")))
                        .isEqualTo(big);
                assertThat(off.downloadSnapshot(RepoRef.model("acme/tiny"), "main", SnapshotOptions.defaults()))
                        .isEqualTo(repoDir.resolve("snapshots/" + commit));
            }
            try (HubClient client = new HubClient(HubSettings.of(server.endpoint().toString(), hubkitCache))) {
                client.downloadSnapshot(RepoRef.model("acme/tiny"), "main", SnapshotOptions.defaults());
            }
            String offline = run(python, script.toString(), "offline", hubkitCache.toString(), bigSha);
            assertThat(offline).contains("SNAPSHOT " + hubkitCache.resolve("models--acme--tiny/snapshots/" + commit));
        }
    }

    @Test
    void defaultCacheFollowsHomeAsPythonsExpanduser() throws Exception {
        String python = System.getenv().getOrDefault("HUBKIT_HF_PYTHON", "python3");
        assumeTrue(imports(python), python + " cannot import huggingface_hub (set HUBKIT_HF_PYTHON to one that can)");
        Map<String, String> env = Map.of("HOME", tmp.resolve("home").toString());
        ProcessBuilder pb = new ProcessBuilder(python, "-c",
                "from huggingface_hub import constants as c; print(c.HF_HUB_CACHE)").redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(HubSettings.fromEnvironment(env).cacheDir()).isEqualTo(Path.of(out));
    }


    private static boolean imports(String python) {
        return PythonProcess.runs(python, "import huggingface_hub");
    }
}
