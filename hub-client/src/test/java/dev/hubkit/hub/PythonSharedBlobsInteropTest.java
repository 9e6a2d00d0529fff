package dev.hubkit.hub;

import static dev.hubkit.hub.PythonProcess.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hubkit.hub.cache.HubCache;
import dev.hubkit.hub.index.CacheIndex;
import dev.hubkit.hub.index.CacheMaintenance;
import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache whose large files huggingface_hub 2.0 moved into its cache-wide store of Xet files (its own
 * {@code publish_blob_to_shared_store}, as after a Xet download, run on blobs hubkit downloaded): hubkit sizes,
 * reads and removes those repos, and deletes a shared payload with its last repo, leaving nothing that
 * huggingface_hub would find unreferenced. The Python side is {@code src/test/python/hf_shared_blobs_interop.py};
 * skipped unless the Python named by {@code HUBKIT_HF_PYTHON} has huggingface_hub 2.0's shared store.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class PythonSharedBlobsInteropTest {

    @TempDir
    Path tmp;

    @Test
    void reposSharingAXetPayloadAreRemovedOneByOne() throws Exception {
        String python = System.getenv().getOrDefault("HUBKIT_HF_PYTHON", "python3");
        assumeTrue(PythonProcess.runs(python, "from huggingface_hub.utils import _shared_blobs"),
                python + " has no huggingface_hub with a shared blob store (2.0 or later)");
        String script = Path.of(System.getProperty("basedir", "."))
                .resolve("src/test/python/hf_shared_blobs_interop.py").toAbsolutePath().toString();
        Path root = tmp.resolve("root");
        Path tiny = Fixtures.tinyRepo(root, 2 << 20);
        Path twin = Files.createDirectories(root.resolve("acme/twin"));
        Files.copy(tiny.resolve("config.json"), twin.resolve("config.json"));
        Files.copy(tiny.resolve("big.bin"), twin.resolve("big.bin"));
        byte[] big = Files.readAllBytes(tiny.resolve("big.bin"));
        String sha = Fixtures.sha256(big);
        Path cacheDir = tmp.resolve("cache");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)));
             HubClient client = new HubClient(HubSettings.of(server.endpoint().toString(), cacheDir))) {
            for (String id : new String[]{"acme/tiny", "acme/twin"}) {
                client.downloadSnapshot(RepoRef.model(id), "main", SnapshotOptions.defaults());
            }
        }
        assertThat(run(python, script, "publish", cacheDir.toString())).contains("PUBLISHED 2");
        Path payload = cacheDir.resolve("blobs").resolve(sha.substring(0, 2)).resolve(sha);
        assertThat(payload).isRegularFile();
        assertThat(Files.isSymbolicLink(cacheDir.resolve("models--acme--tiny/blobs").resolve(sha))).isTrue();

        HubCache cache = new HubCache(cacheDir);
        long tinySize = cache.scanRepo(RepoRef.model("acme/tiny")).sizeOnDisk();
        assertThat(run(python, script, "check", cacheDir.toString()))
                .contains("WARNINGS 0", "REPO acme/tiny " + tinySize, "STORE 1", "UNREFERENCED 0");
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            // the payload both repos link to counts once in the total, as scan_cache_dir's size_on_disk
            assertThat(run(python, script, "check", cacheDir.toString())).contains("TOTAL " + idx.totalSize());
            CacheMaintenance m = new CacheMaintenance(cache, idx);
            assertThat(m.verify(false)).isEmpty();
            m.remove(RepoRef.model("acme/tiny"), null);
            assertThat(payload).isRegularFile();
            try (HubClient offline = new HubClient(HubSettings.of("http://127.0.0.1:9", cacheDir).withOffline(true))) {
                assertThat(offline.downloadFile(RepoRef.model("acme/twin"), "big.bin", "main")).hasBinaryContent(big);
            }
            m.remove(RepoRef.model("acme/twin"), null);
        }
        assertThat(payload).doesNotExist();
        assertThat(run(python, script, "check", cacheDir.toString()))
                .contains("WARNINGS 0", "STORE 0", "UNREFERENCED 0").doesNotContain("REPO ");
    }
}
