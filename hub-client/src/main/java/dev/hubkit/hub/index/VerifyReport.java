package dev.hubkit.hub.index;

import java.nio.file.Path;
import java.util.List;

/**
 * Result of {@code hubkit cache verify}.
 *
 * @param problems     bad blobs and dangling links (deleted or not)
 * @param unverifiable real files in snapshots: no blob name (etag) to check them against
 */
public record VerifyReport(List<VerifyProblem> problems, List<Path> unverifiable) {
}
