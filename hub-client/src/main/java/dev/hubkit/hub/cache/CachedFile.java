package dev.hubkit.hub.cache;

import java.nio.file.Path;

/**
 * One file of a cached snapshot.
 *
 * @param path      path inside the repo ({@code a/b.txt})
 * @param file      the snapshot entry (a symlink to the blob, or a copy)
 * @param blob      the blob it points to, or null for a copy or a dangling link
 * @param blobEtag  the blob's file name (its etag), or null for a copy
 * @param size      byte size of the content (-1 when the link dangles: nothing, or no regular file, is where it
 *                  points; {@link #UNREADABLE} when what is there cannot be read)
 */
public record CachedFile(String path, Path file, Path blob, String blobEtag, long size) {

    /** The {@code size} of a link whose blob cannot be read (permissions, a loop): not missing, never deleted as such. */
    public static final long UNREADABLE = -2;

    /** Whether the entry is a link that points to nothing (the only kind of entry deleted for its blob's absence). */
    public boolean dangles() {
        return size == -1;
    }

    /** Whether the entry is a real file (a copy, or a file moved from {@code blobs/}) rather than a link. */
    public boolean isCopy() {
        return blobEtag == null && size >= 0;
    }
}
