package dev.hubkit.hub.index;

import dev.hubkit.hub.RepoRef;
import java.nio.file.Path;

/**
 * A blob whose content does not match its name (etag), a snapshot link without a blob, or a file that could not
 * be read (and so was checked for nothing, and kept).
 *
 * @param repo       the repository
 * @param blob       the blob (or dangling link) path
 * @param problem    what is wrong
 * @param deleted    whether it was deleted
 * @param unreadable whether it could not be read: not known to be bad, so never deleted
 */
public record VerifyProblem(RepoRef repo, Path blob, String problem, boolean deleted, boolean unreadable) {

    /** A problem found by reading the file: bad content or a dangling link. */
    public VerifyProblem(RepoRef repo, Path blob, String problem, boolean deleted) {
        this(repo, blob, problem, deleted, false);
    }

    /** A file that could not be read: reported, and kept. */
    static VerifyProblem unreadable(RepoRef repo, Path file, String problem) {
        return new VerifyProblem(repo, file, problem, false, true);
    }
}
