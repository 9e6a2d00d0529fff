package dev.hubkit.hub;

import static dev.hubkit.hub.PythonProcess.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hubkit.hub.cache.HubCache;
import dev.hubkit.hub.index.CacheIndex;
import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cache ls} sizes repos and the cache as huggingface_hub's {@code scan_cache_dir} does ({@code hf cache ls}):
 * a blob no snapshot links to (left when a snapshot folder is deleted by hand), and the Rust hf-hub client's
 * {@code {etag}.lock} and stopped {@code {etag}.part} beside the blobs, count neither in a repo nor in the total.
 * The Python side is {@code src/test/python/hf_cache_sizes_interop.py}; skipped unless the Python named by
 * {@code HUBKIT_HF_PYTHON} (default {@code python3}) imports huggingface_hub.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class PythonCacheSizesInteropTest {

    @TempDir
    Path tmp;

    @Test
    void reposAndTotalAreSizedAsHuggingfaceHubSizesThem() throws Exception {
        String python = System.getenv().getOrDefault("HUBKIT_HF_PYTHON", "python3");
        assumeTrue(PythonProcess.runs(python, "from huggingface_hub import scan_cache_dir"),
                python + " cannot import huggingface_hub (set HUBKIT_HF_PYTHON to one that can)");
        String script = Path.of(System.getProperty("basedir", ".")).resolve("src/test/python/hf_cache_sizes_interop.py")
                .toAbsolutePath().toString();
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 3 << 20);
        Path other = Files.createDirectories(root.resolve("acme/other"));
        Files.writeString(other.resolve("config.json"), "{}\n");
        Path cache = tmp.resolve("cache");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)));
             HubClient client = new HubClient(HubSettings.of(server.endpoint().toString(), cache))) {
            client.downloadSnapshot(RepoRef.model("acme/tiny"), "main", SnapshotOptions.defaults());
            client.downloadSnapshot(RepoRef.model("acme/other"), "main", SnapshotOptions.defaults());
        }
        Path blobs = cache.resolve("models--acme--tiny/blobs");
        Files.write(blobs.resolve("c".repeat(40)), new byte[5000]); // no snapshot links to it
        Files.createFile(blobs.resolve("d".repeat(64) + ".lock"));
        Files.write(blobs.resolve("d".repeat(64) + ".part"), new byte[7000]);

        List<String> expected = new ArrayList<>();
        for (String line : run(python, script, cache.toString()).split("\\R")) {
            if (line.startsWith("REPO ") || line.startsWith("TOTAL ")) {
                expected.add(line);
            }
        }
        List<String> got = new ArrayList<>();
        try (CacheIndex idx = CacheIndex.open(new HubCache(cache), tmp.resolve("index.db"))) {
            idx.list().forEach(r -> got.add("REPO " + r.repo().type() + "/" + r.repo().id() + " " + r.sizeOnDisk()
                    + " " + r.files()));
            got.add("TOTAL " + idx.listedSize(Set.of()));
            // what prune brings under its limit is what is on disk: the unlinked blob too
            assertThat(idx.totalSize()).isEqualTo(idx.listedSize(Set.of()) + 5000);
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).hasSize(3);
    }
}
