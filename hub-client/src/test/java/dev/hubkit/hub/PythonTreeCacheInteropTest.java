package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * huggingface_hub 2.0 and hubkit read each other's {@code trees/<commit>.json}: a cache hubkit filled with
 * {@code *.json} only is incomplete for the official client offline, and one it filled so is incomplete for
 * hubkit; both write the same bytes. Checks in {@code src/test/python/hf_tree_cache_interop.py}. Skipped unless
 * the Python named by {@code HUBKIT_HF_PYTHON} (default {@code python3}) has huggingface_hub with
 * {@code IncompleteSnapshotError} (2.0 and later).
 */
class PythonTreeCacheInteropTest {

    @TempDir
    Path tmp;

    @Test
    void incompleteSnapshotsAreSeenByBothClients() throws Exception {
        String python = System.getenv().getOrDefault("HUBKIT_HF_PYTHON", "python3");
        assumeTrue(imports(python), python + " cannot import huggingface_hub.errors.IncompleteSnapshotError "
                + "(set HUBKIT_HF_PYTHON to a huggingface_hub 2.x one)");
        String script = Path.of(System.getProperty("basedir", ".")).resolve("src/test/python/hf_tree_cache_interop.py")
                .toAbsolutePath().toString();
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 1 << 16);
        Path hubkitCache = tmp.resolve("hubkit-cache");
        Path pyCache = tmp.resolve("py-cache");
        RepoRef tiny = RepoRef.model("acme/tiny");
        SnapshotOptions json = new SnapshotOptions(List.of("*.json"), List.of(), 2, DownloadListener.NONE);
        Path snap;
        try (HubServer server = HubServer.start(new ServerOptions("127.0.0.1", 0, new DirectoryRepoStore(root, 1 << 20),
                Map.of(), Map.of(), 4));
             HubClient c = new HubClient(HubSettings.of(server.endpoint().toString(), hubkitCache))) {
            snap = c.downloadSnapshot(tiny, "main", json);
            run(python, script, "partial", server.endpoint().toString(), pyCache.toString());
        }
        String commit = snap.getFileName().toString();
        String rel = "models--acme--tiny/trees/" + commit + ".json";
        assertThat(Files.readString(hubkitCache.resolve(rel))).isEqualTo(Files.readString(pyCache.resolve(rel)));

        String out = run(python, script, "offline", hubkitCache.toString());
        assertThat(out).contains("INCOMPLETE " + snap).contains("COMPLETE " + snap);

        Path pySnap = pyCache.resolve("models--acme--tiny/snapshots/" + commit);
        try (HubClient off = new HubClient(HubSettings.of("http://127.0.0.1:9", pyCache).withOffline(true))) {
            assertThatThrownBy(() -> off.downloadSnapshot(tiny, "main", SnapshotOptions.defaults()))
                    .isInstanceOfSatisfying(IncompleteSnapshotException.class,
                            e -> assertThat(e.missing()).containsExactly("big.bin", "sub/notes.txt"));
            assertThat(off.downloadSnapshot(tiny, "main", json)).isEqualTo(pySnap);
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean imports(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "from huggingface_hub.errors import IncompleteSnapshotError")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
