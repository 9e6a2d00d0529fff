package dev.hubkit.hub.cache;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A file that cannot be read is not a missing or bad one: a snapshot link whose blob cannot be read (here a blob
 * that is a link loop, ELOOP; for another user's folder, EACCES) and a blob this user may not read are reported by
 * {@code cache verify --delete} and kept, and prune keeps their snapshot. Only a blob that is not there is missing.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class UnreadableBlobIsKeptTest {

    private static final String C1 = "1".repeat(40);
    private static final String ETAG = "e".repeat(64);

    @TempDir
    Path tmp;

    private Path cacheWithUnreadableBlob() throws Exception {
        Path repo = tmp.resolve("cache/models--acme--a");
        Path blob = Files.createDirectories(repo.resolve("blobs")).resolve(ETAG);
        Files.createSymbolicLink(blob, Path.of(ETAG));
        Path snap = Files.createDirectories(repo.resolve("snapshots").resolve(C1));
        Files.createSymbolicLink(snap.resolve("model.bin"), Path.of("../../blobs/" + ETAG));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), C1);
        return tmp.resolve("cache");
    }

    @Test
    void verifyDeleteKeepsALinkWhoseBlobCannotBeRead() throws Exception {
        Path root = cacheWithUnreadableBlob();
        Path link = root.resolve("models--acme--a/snapshots").resolve(C1).resolve("model.bin");
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            var problems = new CacheMaintenance(cache, idx).verify(true);
            assertThat(problems).singleElement().satisfies(p -> {
                assertThat(p.deleted()).isFalse();
                assertThat(p.problem()).contains("cannot be read").contains(ETAG);
            });
        }
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void pruneKeepsASnapshotWhoseBlobCannotBeRead() throws Exception {
        Path root = cacheWithUnreadableBlob();
        Path snap = root.resolve("models--acme--a/snapshots").resolve(C1);
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            new CacheMaintenance(cache, idx).prune(Long.MAX_VALUE, Set.of());
        }
        assertThat(Files.isSymbolicLink(snap.resolve("model.bin"))).isTrue();
    }

    @Test
    void aBlobThatIsNotThereIsStillAMissingBlob() throws Exception {
        Path root = cacheWithUnreadableBlob();
        Files.delete(root.resolve("models--acme--a/blobs").resolve(ETAG));
        Path link = root.resolve("models--acme--a/snapshots").resolve(C1).resolve("model.bin");
        HubCache cache = new HubCache(root);
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            var problems = new CacheMaintenance(cache, idx).verify(true);
            assertThat(problems).singleElement().satisfies(p -> assertThat(p.deleted()).isTrue());
        }
        assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    /** The reviewer's kind of failure: a blob of another user this one may not read (root reads every file). */
    @Test
    void verifyDeleteKeepsABlobThisUserCannotRead() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root reads any file");
        Path repo = tmp.resolve("cache/models--acme--b");
        Path blob = Files.createDirectories(repo.resolve("blobs")).resolve(ETAG);
        Files.write(blob, new byte[10]);
        Path snap = Files.createDirectories(repo.resolve("snapshots").resolve(C1));
        Files.createSymbolicLink(snap.resolve("model.bin"), Path.of("../../blobs/" + ETAG));
        Files.setPosixFilePermissions(blob, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        HubCache cache = new HubCache(tmp.resolve("cache"));
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            var problems = new CacheMaintenance(cache, idx).verify(true);
            assertThat(problems).singleElement().satisfies(p -> {
                assertThat(p.deleted()).isFalse();
                assertThat(p.problem()).startsWith("unreadable");
            });
        } finally {
            Files.setPosixFilePermissions(blob, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(blob).exists();
    }

    /** A repo folder of another user this one may not list scans as empty: prune must not take it for one. */
    @Test
    void pruneKeepsARepoFolderThisUserCannotList() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root lists any folder");
        Path repo = tmp.resolve("cache/models--acme--b");
        Path blob = Files.createDirectories(repo.resolve("blobs")).resolve(ETAG);
        Files.write(blob, new byte[10]);
        Files.setPosixFilePermissions(repo, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        HubCache cache = new HubCache(tmp.resolve("cache"));
        try (CacheIndex idx = CacheIndex.open(cache, tmp.resolve("index.db"))) {
            new CacheMaintenance(cache, idx).prune(Long.MAX_VALUE, Set.of());
        } finally {
            Files.setPosixFilePermissions(repo, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        assertThat(blob).exists();
    }
}
