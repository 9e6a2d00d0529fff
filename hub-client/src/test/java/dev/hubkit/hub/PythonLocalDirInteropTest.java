package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code local_dir} interop with the official Python client: a folder hubkit filled is up to date for
 * huggingface_hub (online, nothing is fetched or rewritten; offline, every file is found), and a folder
 * huggingface_hub filled is up to date for hubkit the same two ways. The Python side is
 * {@code src/test/python/hf_local_dir_interop.py}; skipped unless the Python named by
 * {@code HUBKIT_HF_PYTHON} (default {@code python3}) imports huggingface_hub.
 */
class PythonLocalDirInteropTest {

    private static final RepoRef REPO = RepoRef.model("acme/tiny");
    private static final List<String> FILES = List.of("config.json", "sub/notes.txt", "tokenizer.json", "big.bin");

    @TempDir
    Path tmp;

    @Test
    void eachClientFindsTheOthersLocalDirUpToDate() throws Exception {
        String python = System.getenv().getOrDefault("HUBKIT_HF_PYTHON", "python3");
        assumeTrue(imports(python), python + " cannot import huggingface_hub (set HUBKIT_HF_PYTHON to one that can)");
        Path script = Path.of(System.getProperty("basedir", ".")).resolve("src/test/python/hf_local_dir_interop.py")
                .toAbsolutePath();
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 3 << 20);
        Path cache = tmp.resolve("cache");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)));
             FaultProxy proxy = new FaultProxy(server.endpoint())) {
            String endpoint = proxy.endpoint().toString();

            // hubkit fills the folder; huggingface_hub finds it up to date online and offline
            Path byHubkit = tmp.resolve("by-hubkit");
            try (HubClient c = new HubClient(HubSettings.of(endpoint, cache))) {
                c.downloadSnapshotToLocalDir(REPO, "main", SnapshotOptions.defaults(), byHubkit);
            }
            Map<String, Object> before = inodes(byHubkit);
            proxy.log.clear();
            assertThat(run(python, script.toString(), "reuse", endpoint, byHubkit.toString()))
                    .contains("LOCAL " + byHubkit.toRealPath());
            assertThat(proxy.log).noneMatch(l -> l.startsWith("GET /acme/") || l.startsWith("GET /_lfs/"));
            assertThat(inodes(byHubkit)).isEqualTo(before);
            assertThat(run(python, script.toString(), "offline", byHubkit.toString()))
                    .contains("LOCAL " + byHubkit.toRealPath());
            assertThat(inodes(byHubkit)).isEqualTo(before);

            // huggingface_hub fills the folder; hubkit finds it up to date online and offline
            Path byPython = tmp.resolve("by-python");
            run(python, script.toString(), "fetch", endpoint, byPython.toString());
            before = inodes(byPython);
            try (HubClient off = new HubClient(HubSettings.of("http://127.0.0.1:9", cache).withOffline(true))) {
                assertThat(off.downloadSnapshotToLocalDir(REPO, "main", SnapshotOptions.defaults(), byPython))
                        .isEqualTo(byPython.toAbsolutePath().normalize());
                for (String f : FILES) {
                    assertThat(off.downloadFileToLocalDir(REPO, f, "main", byPython, null))
                            .hasSameBinaryContentAs(root.resolve("acme/tiny").resolve(f));
                }
            }
            proxy.log.clear();
            try (HubClient c = new HubClient(HubSettings.of(endpoint, cache))) {
                c.downloadSnapshotToLocalDir(REPO, "main", SnapshotOptions.defaults(), byPython);
                for (String f : FILES) {
                    c.downloadFileToLocalDir(REPO, f, "main", byPython, null);
                }
            }
            assertThat(proxy.log).noneMatch(l -> l.startsWith("GET /acme/") || l.startsWith("GET /_lfs/"));
            assertThat(inodes(byPython)).isEqualTo(before);
            // neither client put a file into the cache
            assertThat(cache.resolve("models--acme--tiny/blobs")).doesNotExist();
        }
    }

    private static Map<String, Object> inodes(Path dir) throws Exception {
        Map<String, Object> m = new HashMap<>();
        for (String f : FILES) {
            m.put(f, Files.getAttribute(dir.resolve(f), "unix:ino"));
        }
        return m;
    }

    private String run(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("HF_HUB_OFFLINE");
        // snapshot_download records the branch in the cache even for a local dir: keep it out of the user's
        pb.environment().put("HF_HUB_CACHE", tmp.resolve("py-cache").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean imports(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import huggingface_hub").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
