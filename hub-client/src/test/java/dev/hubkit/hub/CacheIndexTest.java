package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.hub.cache.HubCache;
import dev.hubkit.hub.index.CacheIndex;
import dev.hubkit.hub.index.CacheMaintenance;
import dev.hubkit.hub.index.PruneReport;
import dev.hubkit.hub.index.RepoSummary;
import dev.hubkit.hub.index.VerifyProblem;
import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheIndexTest {

    @TempDir
    Path tmp;
    Path cacheDir;
    HubCache cache;
    byte[] big;

    @BeforeEach
    void fill() throws Exception {
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 300_000);
        big = Files.readAllBytes(root.resolve("acme/tiny/big.bin"));
        Files.createDirectories(root.resolve("acme/other"));
        Files.write(root.resolve("acme/other/weights.bin"), Fixtures.random(200_000, 7));
        cacheDir = tmp.resolve("cache");
        try (HubServer s = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 100_000)));
             HubClient c = new HubClient(HubSettings.of(s.endpoint().toString(), cacheDir))) {
            c.downloadSnapshot(RepoRef.model("acme/tiny"), "main", SnapshotOptions.defaults());
            c.downloadSnapshot(RepoRef.model("acme/other"), "main", SnapshotOptions.defaults());
        }
        cache = new HubCache(cacheDir);
        // make acme/other the least recently used
        try (var s = Files.list(cacheDir.resolve("models--acme--other/blobs"))) {
            for (Path b : (Iterable<Path>) s::iterator) {
                Files.getFileAttributeView(b, java.nio.file.attribute.BasicFileAttributeView.class)
                        .setTimes(FileTime.fromMillis(1000), FileTime.fromMillis(1000), null);
            }
        }
    }

    /**
     * A blob no snapshot links to is not part of its repo's size, count or of the listed total, as
     * huggingface_hub's scan_cache_dir; prune still counts and frees it (it is on disk).
     */
    @Test
    void aBlobNoSnapshotLinksToIsListedAsHfListsIt() throws Exception {
        long before;
        try (CacheIndex idx = CacheIndex.open(cache)) {
            before = idx.list().get(1).sizeOnDisk();
        }
        Files.write(cacheDir.resolve("models--acme--other/blobs").resolve("9".repeat(40)), new byte[4000]);
        try (CacheIndex idx = CacheIndex.open(cache)) {
            RepoSummary other = idx.list().get(1);
            assertThat(other.repo().id()).isEqualTo("acme/other");
            assertThat(other.sizeOnDisk()).isEqualTo(before);
            assertThat(other.files()).isEqualTo(1);
            assertThat(idx.totalSize()).isEqualTo(idx.listedSize(Set.of()) + 4000);
        }
    }

    @Test
    void listsReposWithSizesAndRevisions() {
        try (CacheIndex idx = CacheIndex.open(cache)) {
            List<RepoSummary> ls = idx.list();
            assertThat(ls).extracting(r -> r.repo().id()).containsExactly("acme/tiny", "acme/other");
            RepoSummary tiny = ls.get(0);
            assertThat(tiny.files()).isEqualTo(4);
            assertThat(tiny.sizeOnDisk()).isGreaterThan(300_000);
            assertThat(tiny.revisions()).singleElement().asString().endsWith("(main)");
            assertThat(idx.totalSize()).isEqualTo(ls.get(0).sizeOnDisk() + ls.get(1).sizeOnDisk());
        }
    }

    @Test
    void deletedOrCorruptIndexIsRebuilt() throws Exception {
        Path db;
        try (CacheIndex idx = CacheIndex.open(cache)) {
            db = idx.dbFile();
        }
        Files.delete(db);
        try (CacheIndex idx = CacheIndex.open(cache)) {
            assertThat(idx.list()).hasSize(2);
        }
        Files.write(db, "this is not a database, just garbage bytes..............................".getBytes());
        try (CacheIndex idx = CacheIndex.open(cache)) {
            assertThat(idx.list()).hasSize(2);
        }
    }

    @Test
    void verifyFindsAndDeletesBadBlobs() throws Exception {
        Path blob = cacheDir.resolve("models--acme--tiny/blobs/" + Fixtures.sha256(big));
        byte[] bad = big.clone();
        bad[10] ^= 1;
        Files.write(blob, bad);
        Path cfgBlob = cacheDir.resolve("models--acme--tiny/blobs/"
                + Fixtures.gitSha1(Files.readAllBytes(tmp.resolve("root/acme/tiny/config.json"))));
        Files.writeString(cfgBlob, "{\"tampered\":true}");
        try (CacheIndex idx = CacheIndex.open(cache)) {
            CacheMaintenance m = new CacheMaintenance(cache, idx);
            List<VerifyProblem> report = m.verify(false);
            assertThat(report).hasSize(2).allMatch(p -> !p.deleted());
            assertThat(blob).exists();
            assertThat(m.verify(true)).hasSize(2).allMatch(VerifyProblem::deleted);
            assertThat(blob).doesNotExist();
            assertThat(m.verify(false)).isEmpty();
        }
    }

    @Test
    void pruneDeletesLeastRecentlyUsedButKeepsProtectedRepos() throws Exception {
        try (CacheIndex idx = CacheIndex.open(cache)) {
            CacheMaintenance m = new CacheMaintenance(cache, idx);
            long total = idx.totalSize();
            PruneReport r = m.prune(total - 1, Set.of());
            assertThat(r.deleted()).singleElement().asString().startsWith("acme/other");
            assertThat(r.sizeAfter()).isLessThan(total);
            assertThat(cacheDir.resolve("models--acme--other")).doesNotExist();
            // keep acme/tiny: nothing of it may go even if the limit is 0
            PruneReport r2 = m.prune(0, Set.of(RepoRef.model("acme/tiny")));
            assertThat(r2.deleted()).isEmpty();
            assertThat(cacheDir.resolve("models--acme--tiny/blobs/" + Fixtures.sha256(big))).exists();
        }
    }

    @Test
    void maintenanceWaitsForAnotherMaintenanceOfTheSameCache() throws Exception {
        // what a second `cache prune` process holds while it deletes: this one must not act on what it read before
        Path lockFile = cacheDir.resolve(".locks/hubkit-maintenance.lock");
        Files.createDirectories(lockFile.getParent());
        java.util.concurrent.CompletableFuture<PruneReport> pruned;
        try (dev.hubkit.hub.cache.BlobLock held = dev.hubkit.hub.cache.BlobLock.acquire(lockFile, java.time.Duration.ofSeconds(5))) {
            pruned = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (CacheIndex idx = CacheIndex.open(cache)) {
                    return new CacheMaintenance(cache, idx).prune(0, Set.of());
                }
            });
            Thread.sleep(300);
            assertThat(pruned).as("prune ran while another maintenance held the cache").isNotDone();
            assertThat(cacheDir.resolve("models--acme--tiny/blobs/" + Fixtures.sha256(big))).exists();
        }
        assertThat(pruned.get(60, java.util.concurrent.TimeUnit.SECONDS).sizeAfter()).isZero();
    }

    @Test
    void aRepoWithARunningDownloadIsNotRemovedUnderIt() throws Exception {
        RepoRef tiny = RepoRef.model("acme/tiny");
        Path part = cacheDir.resolve("models--acme--tiny/blobs/0123abcd.incomplete");
        Files.write(part, new byte[100]);
        try (dev.hubkit.hub.cache.BlobLock downloading = cache.lockBlob(tiny, "0123abcd", java.time.Duration.ofSeconds(5))) {
            // another thread, as another process would be: the maintenance must see the lock as held
            java.util.concurrent.CompletableFuture<Long> removed = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (CacheIndex idx = CacheIndex.open(cache)) {
                    return new CacheMaintenance(cache, idx).remove(tiny, null);
                }
            });
            assertThatThrownBy(() -> removed.get(60, java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(HubCacheException.class).hasMessageContaining("a download into acme/tiny is running");
            assertThat(part).exists();
        }
        // a leftover whose download is gone does not stop it
        try (CacheIndex idx = CacheIndex.open(cache)) {
            new CacheMaintenance(cache, idx).remove(tiny, null);
        }
        assertThat(cacheDir.resolve("models--acme--tiny")).doesNotExist();
    }

    @Test
    void removeRepoOrRevision() throws Exception {
        try (CacheIndex idx = CacheIndex.open(cache)) {
            CacheMaintenance m = new CacheMaintenance(cache, idx);
            long freed = m.remove(RepoRef.model("acme/tiny"), "main");
            assertThat(freed).isGreaterThan(300_000);
            assertThat(cacheDir.resolve("models--acme--tiny")).doesNotExist();
            assertThat(m.remove(RepoRef.model("acme/other"), null)).isEqualTo(200_000);
            assertThat(cacheDir.resolve("models--acme--other")).doesNotExist();
            assertThat(idx.list()).isEmpty();
            assertThatThrownBy(() -> m.remove(RepoRef.model("acme/none"), null)).isInstanceOf(HubException.class)
                    .hasMessageContaining("not in the cache");
        }
    }
}
