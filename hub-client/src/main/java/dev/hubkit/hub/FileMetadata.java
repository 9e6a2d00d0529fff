package dev.hubkit.hub;

import java.net.URI;

/**
 * What a {@code HEAD .../resolve/{revision}/{file}} says about a file.
 *
 * @param commit   the commit the revision resolved to ({@code X-Repo-Commit})
 * @param etag     normalised etag ({@code X-Linked-Etag} or {@code ETag}, quotes and {@code W/} stripped):
 *                 the blob name in the cache; a 64-hex etag is the sha256 of the content
 * @param size     byte size ({@code X-Linked-Size} or {@code Content-Length})
 * @param location where to GET the body (the redirect target for large files, else the resolve URL)
 */
public record FileMetadata(String commit, String etag, long size, URI location) {

    /** Strips {@code W/} and quotes as huggingface_hub does. */
    public static String normalizeEtag(String raw) {
        if (raw == null) {
            return null;
        }
        String e = raw.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.replace("\"", "");
    }

    /** Whether the etag names the sha256 of the content (large-file storage). */
    public boolean isSha256() {
        return isSha256(etag);
    }

    static boolean isSha256(String etag) {
        return etag != null && etag.length() == 64 && etag.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }
}
