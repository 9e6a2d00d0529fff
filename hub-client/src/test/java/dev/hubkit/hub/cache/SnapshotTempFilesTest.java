package dev.hubkit.hub.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.hub.HubCacheException;
import dev.hubkit.hub.RepoRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot entry that cannot be put in place (here: a non-empty folder holds its name, so the rename fails) leaves
 * no {@code .tmp-*} file in the snapshot folder, where it would look like one more file of the snapshot.
 */
class SnapshotTempFilesTest {
    private static final String COMMIT = "1".repeat(40);
    private static final String ETAG = "e".repeat(64);
    private static final RepoRef REPO = RepoRef.model("acme/tiny");

    @TempDir
    Path tmp;

    private HubCache cacheWithBlobAndBlockedEntry() throws Exception {
        HubCache cache = new HubCache(tmp.resolve("cache"));
        Path blob = cache.blobPath(REPO, ETAG);
        Files.createDirectories(blob.getParent());
        Files.writeString(blob, "weights");
        Path entry = cache.snapshotFile(REPO, COMMIT, "model.bin");
        Files.createDirectories(entry);
        Files.writeString(entry.resolve("stray"), "x");
        return cache;
    }

    @Test
    void aCopyThatCannotBeMovedIntoPlaceIsDeleted() throws Exception {
        HubCache cache = cacheWithBlobAndBlockedEntry();
        assertThatThrownBy(() -> cache.placeSnapshotFile(REPO, COMMIT, "model.bin", ETAG, false))
                .isInstanceOf(HubCacheException.class);
        assertThat(names(cache.snapshotFile(REPO, COMMIT, "model.bin").getParent())).containsExactly("model.bin");
    }

    @Test
    void aLinkThatCannotBeMovedIntoPlaceIsDeleted() throws Exception {
        HubCache cache = cacheWithBlobAndBlockedEntry();
        assertThatThrownBy(() -> cache.linkSnapshot(REPO, COMMIT, "model.bin", ETAG))
                .isInstanceOf(HubCacheException.class);
        assertThat(names(cache.snapshotFile(REPO, COMMIT, "model.bin").getParent())).containsExactly("model.bin");
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
