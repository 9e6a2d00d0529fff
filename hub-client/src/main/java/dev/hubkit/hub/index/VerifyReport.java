package dev.hubkit.hub.index;

import java.nio.file.Path;
import java.util.List;

/**
 * Result of {@code hubkit cache verify}.
 *
 * @param problems     bad blobs and dangling links (deleted or not)
 * @param unverifiable real files in snapshots that no blob name (etag) nor commit listing ({@code trees/}) describes
 */
public record VerifyReport(List<VerifyProblem> problems, List<Path> unverifiable) {
}
