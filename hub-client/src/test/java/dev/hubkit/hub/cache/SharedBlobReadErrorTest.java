package dev.hubkit.hub.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.hub.HubCacheException;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.index.CacheIndex;
import dev.hubkit.hub.index.CacheMaintenance;
import dev.hubkit.hub.index.VerifyProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repo blob that links into huggingface_hub 2.0's shared store where the payload cannot be read (a store folder
 * that is a link loop here, ELOOP, since root reads every file; another user's folder gives EACCES the same way) is
 * neither "no link" nor absent: {@link SharedBlobStore#payloadOf} says it cannot read it, {@code rm} of its repo
 * stops before deleting anything (it could not tell what it frees, nor sweep the payload), and prune and
 * {@code verify --delete} keep it. Only a path that does not exist is absent.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class SharedBlobReadErrorTest {

    private static final String C1 = "1".repeat(40);
    private static final String HASH = "ab" + "0".repeat(62);
    private static final String LOOPED = "cd" + "0".repeat(62);
    private static final String ETAG = "e".repeat(64);
    private static final String ETAG2 = "f".repeat(64);
    private static final String ETAG3 = "d".repeat(64);

    @TempDir
    Path tmp;

    /** acme/a links to a readable payload; acme/b to one under {@code blobs/cd}, a folder that is a link loop. */
    private Path cache() throws Exception {
        Path root = tmp.resolve("cache");
        Path store = Files.createDirectories(root.resolve("blobs/ab"));
        Files.writeString(root.resolve("blobs/.huggingface-shared-blobs"), "1\n");
        Files.write(store.resolve(HASH), new byte[1234]);
        Files.writeString(store.resolve(HASH + ".refs"), "models--acme--a/blobs/" + ETAG + "\n");
        Files.createSymbolicLink(root.resolve("blobs/cd"), Path.of("cd"));
        repo(root, "a", ETAG, "../../blobs/ab/" + HASH);
        repo(root, "b", ETAG2, "../../blobs/cd/" + LOOPED);
        return root;
    }

    private static void repo(Path root, String name, String etag, String target) throws Exception {
        Path repo = root.resolve("models--acme--" + name);
        Files.createDirectories(repo.resolve("blobs"));
        Files.createSymbolicLink(repo.resolve("blobs").resolve(etag), Path.of(target));
        Path snap = Files.createDirectories(repo.resolve("snapshots").resolve(C1));
        Files.createSymbolicLink(snap.resolve("model.bin"), Path.of("../../blobs/" + etag));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), C1);
    }

    /**
     * acme/c: an unreadable link into the store that no snapshot links to, and a snapshot whose one link dangles: the
     * blob is of unknown size, so not among the sized blobs, but it is there.
     */
    private Path withUnlinkedRepo() throws Exception {
        Path root = cache();
        repo(root, "c", ETAG3, "../../blobs/cd/" + LOOPED);
        Path snap = root.resolve("models--acme--c/snapshots").resolve(C1);
        Files.delete(snap.resolve("model.bin"));
        Files.createSymbolicLink(snap.resolve("gone.bin"), Path.of("../../blobs/" + "0".repeat(64)));
        return root;
    }

    private static Path blob(Path root, String name, String etag) {
        return root.resolve("models--acme--" + name + "/blobs").resolve(etag);
    }

    @Test
    void payloadOfSaysItCannotReadRatherThanNoLink() throws Exception {
        Path root = cache();
        SharedBlobStore store = new SharedBlobStore(root);
        assertThat(store.payloadOf(blob(root, "a", ETAG))).contains(root.resolve("blobs/ab").resolve(HASH));
        assertThatThrownBy(() -> store.payloadOf(blob(root, "b", ETAG2))).isInstanceOf(IOException.class);
        // absent is still absent
        assertThat(store.payloadOf(blob(root, "b", "0".repeat(64)))).isEmpty();
    }

    @Test
    void rmOfARepoWithAnUnreadableLinkRemovesNothing() throws Exception {
        Path root = cache();
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            CacheMaintenance m = new CacheMaintenance(cache, idx);
            assertThatThrownBy(() -> m.remove(RepoRef.model("acme/b"), null)).isInstanceOf(HubCacheException.class)
                    .hasMessageContaining(ETAG2).hasMessageContaining("nothing was removed");
            assertThat(Files.isSymbolicLink(blob(root, "b", ETAG2))).isTrue();
            assertThat(Files.isSymbolicLink(root.resolve("models--acme--b/snapshots").resolve(C1).resolve("model.bin")))
                    .isTrue();
            // the readable repo is removed as before, its payload swept
            assertThat(m.remove(RepoRef.model("acme/a"), null)).isEqualTo(1234);
            assertThat(root.resolve("blobs/ab").resolve(HASH)).doesNotExist();
        }
    }

    @Test
    void pruneAndVerifyDeleteKeepTheUnreadableLink() throws Exception {
        Path root = cache();
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            CacheMaintenance m = new CacheMaintenance(cache, idx);
            // (acme/a's payload is not what its made-up etag says: that one is bad, and deleted)
            List<VerifyProblem> problems = m.verify(true).stream()
                    .filter(p -> p.repo().equals(RepoRef.model("acme/b"))).toList();
            assertThat(problems).singleElement().satisfies(p -> {
                assertThat(p.deleted()).isFalse();
                assertThat(p.unreadable()).isTrue();
                assertThat(p.problem()).contains(ETAG2);
            });
            m.prune(0, Set.of());
        }
        assertThat(Files.exists(blob(root, "b", ETAG2), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.isSymbolicLink(root.resolve("models--acme--b/snapshots").resolve(C1).resolve("model.bin")))
                .isTrue();
    }

    @Test
    void scanNamesTheBlobsItCannotRead() throws Exception {
        Path root = withUnlinkedRepo();
        HubCache cache = new HubCache(root);
        assertThat(cache.scanRepo(RepoRef.model("acme/b")).unreadableBlobs()).containsExactly(ETAG2);
        CachedRepo c = cache.scanRepo(RepoRef.model("acme/c"));
        assertThat(c.blobs()).isEmpty();
        assertThat(c.unreadableBlobs()).containsExactly(ETAG3);
    }

    /** Prune drops the snapshot of only dangling links, but not the folder: it still holds the unreadable blob. */
    @Test
    void pruneKeepsTheFolderOfAnUnreadableBlobNoSnapshotLinksTo() throws Exception {
        Path root = withUnlinkedRepo();
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            new CacheMaintenance(cache, idx).prune(Long.MAX_VALUE, Set.of());
        }
        assertThat(Files.isSymbolicLink(blob(root, "c", ETAG3))).isTrue();
    }

    @Test
    void removingTheLastRevisionKeepsAnUnreadableBlob() throws Exception {
        Path root = withUnlinkedRepo();
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            new CacheMaintenance(cache, idx).remove(RepoRef.model("acme/c"), "main");
        }
        assertThat(Files.isSymbolicLink(blob(root, "c", ETAG3))).isTrue();
        assertThat(root.resolve("models--acme--c/snapshots").resolve(C1)).doesNotExist();
    }

    /** Not verified, so not "all blobs verified": reported as unreadable, and kept. */
    @Test
    void verifyReportsAnUnreadableBlobNoSnapshotLinksTo() throws Exception {
        Path root = withUnlinkedRepo();
        HubCache cache = new HubCache(root);
        List<VerifyProblem> problems;
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            problems = new CacheMaintenance(cache, idx).verify(true);
        }
        assertThat(problems).filteredOn(p -> p.repo().equals(RepoRef.model("acme/c")) && p.unreadable())
                .singleElement().satisfies(p -> {
                    assertThat(p.blob()).isEqualTo(blob(root, "c", ETAG3));
                    assertThat(p.deleted()).isFalse();
                    assertThat(p.problem()).contains("cannot be read").contains("permissions");
                });
        assertThat(Files.exists(blob(root, "c", ETAG3), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
