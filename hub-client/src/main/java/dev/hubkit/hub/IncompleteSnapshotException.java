package dev.hubkit.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * The hub was not asked (offline) or not reached, and the cached snapshot lacks files that the commit's tree
 * listing names (and the patterns select): huggingface_hub's {@code IncompleteSnapshotError}.
 */
public class IncompleteSnapshotException extends LocalEntryNotFoundException {
    private static final long serialVersionUID = 1L;

    private final transient Path snapshot;
    private final List<String> missing;

    /** @param commit the snapshot's commit, or null where it is not known */
    public IncompleteSnapshotException(RepoRef repo, String revision, String commit, Path snapshot,
                                       List<String> missing, String why) {
        super("Incomplete snapshot available at: " + snapshot + ": " + missing.size() + " file(s) of '" + repo.id()
                + "' (revision '" + revision + "'" + (commit == null ? "" : ", commit " + commit) + ") are missing (" + sample(missing) + ") and "
                + why + "; re-run the download with network access to complete the snapshot");
        this.snapshot = snapshot;
        this.missing = List.copyOf(missing);
    }

    /** The snapshot folder, which holds the files that are there. */
    public Path snapshot() {
        return snapshot;
    }

    /** The repo paths that are not there, in the listing's order. */
    public List<String> missing() {
        return missing;
    }

    private static String sample(List<String> missing) {
        String s = String.join(", ", missing.subList(0, Math.min(3, missing.size())));
        return missing.size() > 3 ? s + ", ... (" + (missing.size() - 3) + " more)" : s;
    }
}
