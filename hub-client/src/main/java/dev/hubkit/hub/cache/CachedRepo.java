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

    /** Total bytes of the repo's blobs. */
    public long sizeOnDisk() {
        return blobs.values().stream().mapToLong(Long::longValue).sum();
    }
}
