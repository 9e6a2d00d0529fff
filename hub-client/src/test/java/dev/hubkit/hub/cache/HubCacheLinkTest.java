package dev.hubkit.hub.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.hub.RepoRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot entries: relative symlinks to blobs, made directly when new and replaced atomically when stale. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class HubCacheLinkTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tmp;

    @Test
    void newEntryIsARelativeLinkToTheBlob() throws Exception {
        HubCache cache = new HubCache(tmp);
        RepoRef repo = RepoRef.model("org/name");
        Path blob = writeBlob(cache, repo, "aaa", "first");
        Path pointer = cache.linkSnapshot(repo, COMMIT, "dir/file.txt", "aaa");
        assertThat(Files.isSymbolicLink(pointer)).isTrue();
        assertThat(Files.readSymbolicLink(pointer).toString()).isEqualTo("../../../blobs/aaa");
        assertThat(pointer.toRealPath()).isEqualTo(blob.toRealPath());
        // linking again to the same blob leaves the entry as it is
        assertThat(cache.linkSnapshot(repo, COMMIT, "dir/file.txt", "aaa")).isEqualTo(pointer);
        assertThat(Files.readString(pointer)).isEqualTo("first");
        assertThat(leftovers(pointer.getParent())).isZero();
    }

    @Test
    void staleEntryIsReplacedAndNoTempFileStays() throws Exception {
        HubCache cache = new HubCache(tmp);
        RepoRef repo = RepoRef.model("org/name");
        writeBlob(cache, repo, "aaa", "old");
        writeBlob(cache, repo, "bbb", "new");
        cache.linkSnapshot(repo, COMMIT, "file.txt", "aaa");
        Path pointer = cache.linkSnapshot(repo, COMMIT, "file.txt", "bbb");
        assertThat(Files.readString(pointer)).isEqualTo("new");
        assertThat(Files.readSymbolicLink(pointer).toString()).isEqualTo("../../blobs/bbb");
        assertThat(leftovers(pointer.getParent())).isZero();
    }

    @Test
    void aRealFileInASnapshotIsNeverTurnedIntoALink() throws Exception {
        // as huggingface_hub, where links were impossible: the copy is the entry
        HubCache cache = new HubCache(tmp);
        RepoRef repo = RepoRef.model("org/name");
        writeBlob(cache, repo, "aaa", "blob");
        Path pointer = cache.snapshotFile(repo, COMMIT, "file.txt");
        Files.createDirectories(pointer.getParent());
        Files.writeString(pointer, "copy");
        assertThat(cache.linkSnapshot(repo, COMMIT, "file.txt", "aaa")).isEqualTo(pointer);
        assertThat(Files.isSymbolicLink(pointer)).isFalse();
        assertThat(pointer).hasContent("copy");
        assertThat(leftovers(pointer.getParent())).isZero();
    }

    private static Path writeBlob(HubCache cache, RepoRef repo, String etag, String text) throws Exception {
        Path blob = cache.blobPath(repo, etag);
        Files.createDirectories(blob.getParent());
        Files.writeString(blob, text, StandardCharsets.UTF_8);
        return blob;
    }

    private static long leftovers(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).count();
        }
    }

    @Test
    void writeAtomicallyLeavesNoTempFileWhenItFails() throws Exception {
        Path target = tmp.resolve("meta/file.metadata");
        Files.createDirectories(target.resolve("child"));
        assertThatThrownBy(() -> HubCache.writeAtomically(target, new byte[]{1}))
                .isInstanceOf(IOException.class);
        assertThat(leftovers(target.getParent())).isZero();
    }
}
