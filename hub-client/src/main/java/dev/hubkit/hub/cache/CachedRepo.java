package dev.hubkit.hub.cache;

import dev.hubkit.hub.RepoRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One cached repository folder ({@code models--org--name}).
 *
 * @param repo      which repository
 * @param dir       its folder
 * @param revisions its snapshots
 * @param refs      ref name to commit
 * @param blobs     blob etag to byte size, for every blob on disk
 */
public record CachedRepo(RepoRef repo, Path dir, List<CachedRevision> revisions, Map<String, String> refs,
                         Map<String, Long> blobs) {

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
