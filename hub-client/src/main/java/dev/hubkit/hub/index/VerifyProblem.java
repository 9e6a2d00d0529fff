package dev.hubkit.hub.index;

import dev.hubkit.hub.RepoRef;
import java.nio.file.Path;

/**
 * A blob whose content does not match its name (etag), or a snapshot link without a blob.
 *
 * @param repo    the repository
 * @param blob    the blob (or dangling link) path
 * @param problem what is wrong
 * @param deleted whether it was deleted
 */
public record VerifyProblem(RepoRef repo, Path blob, String problem, boolean deleted) {
}
