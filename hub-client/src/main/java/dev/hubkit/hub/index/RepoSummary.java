package dev.hubkit.hub.index;

import dev.hubkit.hub.RepoRef;
import java.time.Instant;
import java.util.List;

/**
 * One line of {@code hubkit cache ls}.
 *
 * @param repo       the repository
 * @param sizeOnDisk bytes of its blobs
 * @param files      number of blobs
 * @param revisions  commit hashes with their refs, e.g. {@code 0a1b... (main)}
 * @param lastAccess most recent access of any of its blobs
 */
public record RepoSummary(RepoRef repo, long sizeOnDisk, int files, List<String> revisions, Instant lastAccess) {
}
