package dev.hubkit.hub.server;

import java.nio.file.Path;

/**
 * A file the server offers.
 *
 * @param path   path inside the repo
 * @param file   where its bytes are
 * @param size   byte size
 * @param oid    git object id (blob sha1 of the content, or of the LFS pointer for large files)
 * @param sha256 sha256 of the content for large-file-storage files, else null
 */
public record ServedFile(String path, Path file, long size, String oid, String sha256) {

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
        return "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256 + "\nsize " + size + "\n";
    }
}
