package dev.hubkit.hub.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.index.CacheIndex;
import dev.hubkit.hub.index.CacheMaintenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache laid out as huggingface_hub 2.0 lays out Xet files: repo blobs that are symlinks into the cache-wide
 * store ({@code blobs/<hh>/<hash>}, listed in {@code <hash>.refs}). Removing repos, revisions or blobs deletes a
 * payload once no repo links to it any more (as {@code sweep_shared_blob}), and never while one still does.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class SharedBlobStoreTest {

    private static final String C1 = "1".repeat(40);
    private static final String HASH = "ab" + "0".repeat(62);
    private static final String ETAG = "e".repeat(64);

    @TempDir
    Path tmp;

    /** Repos {@code acme/a} and {@code acme/b}, each with one file whose blob links to the same payload. */
    private Path sharedCache(String... repos) throws Exception {
        Path root = tmp.resolve("cache");
        Path store = Files.createDirectories(root.resolve("blobs/ab"));
        Files.writeString(root.resolve("blobs/.huggingface-shared-blobs"), "1\n");
        Files.write(store.resolve(HASH), new byte[1234]);
        StringBuilder refs = new StringBuilder();
        for (String name : repos) {
            Path repo = root.resolve("models--acme--" + name);
            Files.createDirectories(repo.resolve("blobs"));
            Files.createSymbolicLink(repo.resolve("blobs").resolve(ETAG), Path.of("../../blobs/ab/" + HASH));
            Files.createDirectories(repo.resolve("snapshots").resolve(C1));
            Files.createSymbolicLink(repo.resolve("snapshots").resolve(C1).resolve("model.bin"),
                    Path.of("../../blobs/" + ETAG));
            Files.createDirectories(repo.resolve("refs"));
            Files.writeString(repo.resolve("refs/main"), C1);
            refs.append("models--acme--").append(name).append("/blobs/").append(ETAG).append('\n');
        }
        Files.writeString(store.resolve(HASH + ".refs"), refs.toString());
        return root;
    }

    @Test
    void removingReposDeletesThePayloadWithItsLastLink() throws Exception {
        Path root = sharedCache("a", "b");
        Path payload = root.resolve("blobs/ab").resolve(HASH);
        HubCache cache = new HubCache(root);
        assertThat(new SharedBlobStore(root).payloadOf(root.resolve("models--acme--a/blobs").resolve(ETAG)))
                .contains(payload);
        // sized as the payload, as scan_cache_dir sizes a repo (so 'cache ls' and prune see it)
        assertThat(cache.scanRepo(RepoRef.model("acme/a")).blobs()).containsEntry(ETAG, 1234L);
        assertThat(cache.scanRepo(RepoRef.model("acme/a")).sizeOnDisk()).isEqualTo(1234);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            CacheMaintenance m = new CacheMaintenance(cache, idx);
            m.remove(RepoRef.model("acme/a"), null);
            assertThat(payload).exists(); // acme/b still links to it
            assertThat(Files.size(root.resolve("models--acme--b/snapshots").resolve(C1).resolve("model.bin")))
                    .isEqualTo(1234);
            m.remove(RepoRef.model("acme/b"), null);
            assertThat(payload).doesNotExist();
            assertThat(root.resolve("blobs/ab").resolve(HASH + ".refs")).doesNotExist();
        }
    }

    @Test
    void pruneAndRevisionRemovalSweepToo() throws Exception {
        Path root = sharedCache("a", "b");
        Path payload = root.resolve("blobs/ab").resolve(HASH);
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            CacheMaintenance m = new CacheMaintenance(cache, idx);
            m.remove(RepoRef.model("acme/a"), C1);
            assertThat(payload).exists();
            m.prune(0, Set.of());
            assertThat(payload).doesNotExist();
        }
    }

    /** A repo folder deleted by hand leaves its payload unreferenced: prune deletes it, as hf cache prune does. */
    @Test
    void pruneDeletesPayloadsNoRepoLinksTo() throws Exception {
        Path root = sharedCache("a", "b");
        Path payload = root.resolve("blobs/ab").resolve(HASH);
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            CacheMaintenance m = new CacheMaintenance(cache, idx);
            deleteRepoFolder(root.resolve("models--acme--a"));
            assertThat(m.prune(1L << 40, Set.of()).deleted()).isEmpty();
            assertThat(payload).exists(); // acme/b still links to it
            deleteRepoFolder(root.resolve("models--acme--b"));
            var report = m.prune(1L << 40, Set.of());
            assertThat(report.deleted()).containsExactly("shared blob " + payload);
            assertThat(report.freedBytes()).isEqualTo(1234);
            assertThat(payload).doesNotExist();
        }
    }

    /**
     * As scan_cache_dir's {@code size_on_disk}: a payload counts once in the cache's total, however many repos
     * link to it (each repo's own size still shows it), and a payload no repo links to counts too.
     */
    @Test
    void theTotalCountsASharedPayloadOnce() throws Exception {
        Path root = sharedCache("a", "b");
        String orphan = "cd" + "1".repeat(62);
        Path cd = Files.createDirectories(root.resolve("blobs/cd"));
        Files.write(cd.resolve(orphan), new byte[100]);
        Files.writeString(cd.resolve(orphan + ".refs"), "");
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            assertThat(idx.list()).extracting(dev.hubkit.hub.index.RepoSummary::sizeOnDisk).containsExactly(1234L, 1234L);
            assertThat(idx.totalSize()).isEqualTo(1234 + 100);
            assertThat(idx.listedSize(Set.of(RepoRef.model("acme/a")))).isEqualTo(1234 + 100);
        }
    }

    /** Prune sizes the cache as hf does, and a link whose payload another repo still uses frees nothing. */
    @Test
    void pruneCountsASharedPayloadOnce() throws Exception {
        Path root = sharedCache("a", "b");
        Path payload = root.resolve("blobs/ab").resolve(HASH);
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            CacheMaintenance m = new CacheMaintenance(cache, idx);
            var fits = m.prune(1234, Set.of());
            assertThat(fits.deleted()).isEmpty();
            assertThat(fits.freedBytes()).isZero();
            assertThat(fits.sizeAfter()).isEqualTo(1234);
            var all = m.prune(0, Set.of());
            assertThat(all.deleted()).hasSize(2);
            assertThat(all.freedBytes()).isEqualTo(1234);
            assertThat(all.sizeAfter()).isZero();
            assertThat(payload).doesNotExist();
        }
    }

    /** {@code rm} of a repo whose payload another repo still links to frees nothing; of the last one, the payload. */
    @Test
    void removeCountsASharedPayloadOnlyWithItsLastLink() throws Exception {
        Path root = sharedCache("a", "b", "c");
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            CacheMaintenance m = new CacheMaintenance(cache, idx);
            assertThat(m.remove(RepoRef.model("acme/a"), null)).isZero();
            assertThat(m.remove(RepoRef.model("acme/b"), C1)).isZero();
            assertThat(m.remove(RepoRef.model("acme/c"), null)).isEqualTo(1234);
        }
    }

    private static void deleteRepoFolder(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** As scan_cache_dir: only a store marked with layout 1 is skipped; another {@code blobs} folder is warned about. */
    @Test
    void onlyAMarkedStoreIsSkippedByTheScan() throws Exception {
        Path root = sharedCache("a");
        assertThat(CacheInconsistencies.scan(root)).isEmpty();
        Files.writeString(root.resolve("blobs/.huggingface-shared-blobs"), "2\n");
        assertThat(new SharedBlobStore(root).exists()).isFalse();
        assertThat(CacheInconsistencies.scan(root)).extracting(CacheInconsistencies::folder).containsExactly("blobs");
    }

    @Test
    void aPayloadWithoutItsListIsKept() throws Exception {
        Path root = sharedCache("a");
        Path payload = root.resolve("blobs/ab").resolve(HASH);
        Files.delete(root.resolve("blobs/ab").resolve(HASH + ".refs"));
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            new CacheMaintenance(cache, idx).remove(RepoRef.model("acme/a"), null);
        }
        // as huggingface_hub: missing metadata is never grounds for deletion
        assertThat(payload).exists();
        assertThat(new SharedBlobStore(root).sweep(payload)).isZero();
    }

    /** The reviewer's reproduction: a planted {@code <hash>.lock} link to a 0600 file stayed 0600, and sweep kept the payload. */
    @Test
    void sweepNeitherFollowsNorWidensAPlantedLockLink() throws Exception {
        Path root = sharedCache("a");
        Path payload = root.resolve("blobs/ab").resolve(HASH);
        deleteRepoFolder(root.resolve("models--acme--a"));
        Path secret = tmp.resolve("secret");
        Files.createFile(secret, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.createSymbolicLink(root.resolve("blobs/ab").resolve(HASH + ".lock"), secret);
        assertThat(new SharedBlobStore(root).sweep(payload)).isZero();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                .isEqualTo("rw-------");
        assertThat(payload).exists();
    }

    /** The cache-wide maintenance lock is refused the same way: prune deletes nothing through it. */
    @Test
    void aPlantedMaintenanceLockLinkStopsPrune() throws Exception {
        Path root = sharedCache("a");
        Path secret = tmp.resolve("secret");
        Files.createFile(secret);
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path lock = Files.createDirectories(root.resolve(".locks")).resolve("hubkit-maintenance.lock");
        Files.createSymbolicLink(lock, secret);
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            assertThatThrownBy(() -> new CacheMaintenance(cache, idx).prune(0, Set.of()))
                    .isInstanceOf(dev.hubkit.hub.HubCacheException.class).hasMessageContaining("remove " + lock);
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                .isEqualTo("rw-------");
        assertThat(root.resolve("blobs/ab").resolve(HASH)).exists();
    }

    /**
     * A listed link that cannot be read (here a repo folder that is a link loop: ELOOP, as EACCES for a folder of
     * another user) is not "no link": the payload is kept.
     */
    @Test
    void aListedLinkThatCannotBeReadKeepsThePayload() throws Exception {
        Path root = sharedCache("a");
        Path payload = root.resolve("blobs/ab").resolve(HASH);
        Files.move(root.resolve("models--acme--a"), tmp.resolve("moved"));
        Files.createSymbolicLink(root.resolve("models--acme--a"), Path.of("models--acme--a"));
        assertThat(new SharedBlobStore(root).sweep(payload)).isZero();
        assertThat(payload).exists();
    }

    /** The reviewer's case: a repo folder this user may not search, whose snapshot still uses the payload. */
    @Test
    void aRepoFolderThisUserCannotSearchKeepsThePayload() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root searches any folder");
        Path root = sharedCache("a", "b");
        Path payload = root.resolve("blobs/ab").resolve(HASH);
        Path b = root.resolve("models--acme--b");
        Files.setPosixFilePermissions(b, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        try {
            deleteRepoFolder(root.resolve("models--acme--a"));
            assertThat(new SharedBlobStore(root).sweep(payload)).isZero();
            assertThat(payload).exists();
        } finally {
            Files.setPosixFilePermissions(b, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Only a missing marker means "no store": one that cannot be read is an error naming it, never "no store". */
    @Test
    void aMarkerThatCannotBeReadIsAnErrorNotAMissingStore() throws Exception {
        Path root = sharedCache("a", "b");
        Path marker = root.resolve("blobs/.huggingface-shared-blobs");
        Files.delete(marker);
        assertThat(new SharedBlobStore(root).exists()).isFalse();
        Files.write(marker, new byte[]{(byte) 0xff, (byte) 0xfe, '1', '\n'}); // damaged: not UTF-8 text
        assertThatThrownBy(() -> new SharedBlobStore(root).exists())
                .isInstanceOf(dev.hubkit.hub.HubCacheException.class)
                .hasMessageContaining(marker.toString())
                .hasMessageContaining("not valid UTF-8 text")
                .hasMessageContaining("run the command again")
                .message().doesNotContain("Exception");
        // a cache scan and a removal stop on it instead of taking the store's folder for a stray one
        assertThatThrownBy(() -> CacheInconsistencies.scan(root)).hasMessageContaining(marker.toString());
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            CacheMaintenance m = new CacheMaintenance(cache, idx);
            assertThatThrownBy(() -> m.remove(RepoRef.model("acme/a"), null)).hasMessageContaining(marker.toString());
        } catch (dev.hubkit.hub.HubCacheException e) {
            assertThat(e).hasMessageContaining(marker.toString()); // the index refused to list the cache: as good
        }
        assertThat(root.resolve("models--acme--a/blobs").resolve(ETAG)).isSymbolicLink();
    }

    @Test
    void aMarkerThisUserCannotReadIsAnError() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root reads any file");
        Path root = sharedCache("a");
        Path marker = root.resolve("blobs/.huggingface-shared-blobs");
        Files.setPosixFilePermissions(marker, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        try {
            assertThatThrownBy(() -> new SharedBlobStore(root).exists())
                    .isInstanceOf(dev.hubkit.hub.HubCacheException.class)
                    .hasMessageContaining(marker.toString()).hasMessageContaining("permission denied");
        } finally {
            Files.setPosixFilePermissions(marker, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
