package dev.hubkit.hub.cache;

import dev.hubkit.hub.RepoRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One cached repository folder ({@code models--org--name}).
 *
 * @param repo      which repository
 * @param dir       its folder
 * @param revisions its snapshots
 * @param refs      ref name to commit
 * @param blobs     blob etag to byte size, for every blob on disk that could be read
 * @param unreadableBlobs names in {@code blobs/} linking into huggingface_hub's shared store where the link or its
 *                  payload cannot be read (permissions, a loop): of unknown size, so not in {@code blobs}, but
 *                  there, and never to be taken for missing
 */
public record CachedRepo(RepoRef repo, Path dir, List<CachedRevision> revisions, Map<String, String> refs,
                         Map<String, Long> blobs, Set<String> unreadableBlobs) {

    /**
     * Total bytes of the repo: its blobs, plus the real files in its snapshots (huggingface_hub stores
     * those where symlinks are not available, e.g. on Windows), each counted once.
     */
    public long sizeOnDisk() {
        return blobs.values().stream().mapToLong(Long::longValue).sum()
                + copies().stream().mapToLong(CachedFile::size).sum();
    }

    /** The snapshot entries that are real files rather than links to a blob. */
    public List<CachedFile> copies() {
        return revisions.stream().flatMap(r -> r.files().stream()).filter(CachedFile::isCopy).toList();
    }
}
