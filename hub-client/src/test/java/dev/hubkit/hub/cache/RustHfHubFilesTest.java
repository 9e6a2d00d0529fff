package dev.hubkit.hub.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.index.CacheIndex;
import dev.hubkit.hub.index.CacheMaintenance;
import dev.hubkit.hub.index.PruneReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files the Rust {@code hf-hub} client (0.4, inside the tokenizers library) leaves in a repo's {@code blobs/}
 * beside its blobs: {@code {etag}.lock} for every download and {@code {etag}.part} for one that was stopped. As
 * huggingface_hub's scan (which counts only blobs snapshots link to) they are not blobs: not listed, counted or
 * pruned; and a repo folder holding such a download is not removed.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class RustHfHubFilesTest {

    private static final String COMMIT = "2".repeat(40);
    private static final String ETAG = "a".repeat(64);
    private static final String STOPPED = "b".repeat(64);

    @TempDir
    Path tmp;

    private Path cache() throws Exception {
        Path root = tmp.resolve("hub");
        Path repo = root.resolve("models--acme--tok");
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Files.write(blobs.resolve(ETAG), new byte[300]);
        Files.createFile(blobs.resolve(ETAG + ".lock"));
        Files.write(blobs.resolve(STOPPED + ".part"), new byte[700]);
        Files.createFile(blobs.resolve(STOPPED + ".lock"));
        Path snap = Files.createDirectories(repo.resolve("snapshots").resolve(COMMIT));
        Files.createSymbolicLink(snap.resolve("tokenizer.json"), Path.of("../../blobs/" + ETAG));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), COMMIT);
        return root;
    }

    @Test
    void locksAndPartFilesAreNotBlobs() throws Exception {
        HubCache cache = new HubCache(cache());
        assertThat(cache.scanRepo(RepoRef.model("acme/tok")).blobs()).containsOnlyKeys(ETAG);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            assertThat(idx.list()).singleElement().satisfies(r -> {
                assertThat(r.files()).isEqualTo(1);
                assertThat(r.sizeOnDisk()).isEqualTo(300);
            });
            assertThat(idx.totalSize()).isEqualTo(300);
        }
    }

    @Test
    void pruneLeavesTheirFilesAndTheRepoFolderHoldingADownload() throws Exception {
        Path root = cache();
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            PruneReport r = new CacheMaintenance(cache, idx).prune(0, Set.of());
            assertThat(r.deleted()).containsExactly("acme/tok: " + ETAG);
            assertThat(r.freedBytes()).isEqualTo(300);
        }
        assertThat(root.resolve("models--acme--tok/blobs").resolve(STOPPED + ".part")).hasSize(700);
    }

    /** Removing the last revision keeps the repo folder while hf-hub may still be writing a download into it. */
    @Test
    void removingTheLastRevisionKeepsAFolderWithADownload() throws Exception {
        Path root = cache();
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            assertThat(new CacheMaintenance(cache, idx).remove(RepoRef.model("acme/tok"), "main")).isEqualTo(300);
        }
        Path blobs = root.resolve("models--acme--tok/blobs");
        assertThat(blobs.resolve(STOPPED + ".part")).hasSize(700);
        assertThat(blobs.resolve(ETAG)).doesNotExist();
    }
}
