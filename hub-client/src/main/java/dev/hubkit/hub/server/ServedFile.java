package dev.hubkit.hub.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * A file the server offers, as it was when its repo was listed.
 *
 * @param path     path inside the repo
 * @param file     where its bytes are
 * @param size     byte size
 * @param oid      git object id (blob sha1 of the content, or of the LFS pointer for large files)
 * @param sha256   sha256 of the content for large-file-storage files, else null
 * @param modified modification time of {@code file} when it was listed, in nanoseconds since the epoch
 */
public record ServedFile(String path, Path file, long size, String oid, String sha256, long modified) {

    /** The modification time of {@code a} as {@link #modified()} records it. */
    static long modifiedOf(BasicFileAttributes a) {
        return a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }

    /** Whether this file is served as a large file (redirect, {@code X-Linked-*} headers). */
    public boolean isLfs() {
        return sha256 != null;
    }

    /** The etag clients cache it under: the sha256 for large files, else the git oid. */
    public String etag() {
        return sha256 != null ? sha256 : oid;
    }

    /** The git-lfs pointer text of a large file. */
    public String lfsPointer() {
        return lfsPointer(sha256, size);
    }

    /** The git-lfs pointer text of a large file of this sha256 and size. */
    static String lfsPointer(String sha256, long size) {
        return "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256 + "\nsize " + size + "\n";
    }

    /**
     * Whether the file on disk is still a regular file of the listed size and modification time, so
     * that its bytes are the ones the listed ids describe.
     */
    public boolean unchangedOnDisk() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.isRegularFile() && a.size() == size && modifiedOf(a) == modified;
        } catch (IOException e) {
            return false;
        }
    }
}
