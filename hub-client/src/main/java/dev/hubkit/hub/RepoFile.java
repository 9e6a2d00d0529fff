package dev.hubkit.hub;

/**
 * One file of a repo listing ({@code /tree} or {@code paths-info}).
 *
 * @param path      path inside the repo
 * @param size      byte size
 * @param oid       git blob id
 * @param lfsSha256 sha256 of the content for large-file-storage files, else null
 */
public record RepoFile(String path, long size, String oid, String lfsSha256) {
}
