package dev.hubkit.hub.server;

import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An abbreviated commit id, as huggingface.co accepts wherever a revision goes (git-style: at least
 * 7 lower-case hex digits, naming one known commit).
 */
final class CommitPrefix {

    private static final Pattern PREFIX = Pattern.compile("[0-9a-f]{7,40}");

    private CommitPrefix() {
    }

    /** Whether {@code revision} can be a commit id or an abbreviation of one. */
    static boolean looksLikeOne(String revision) {
        return revision != null && PREFIX.matcher(revision).matches();
    }

    /**
     * Whether a ref named {@code name} that holds {@code commit} is a client's alias rather than a branch: a
     * revision given as an abbreviated commit id, which huggingface_hub records as {@code refs/<abbreviation>}.
     * Such a name is resolved as an abbreviation, never through the alias, and is not listed as a branch.
     */
    static boolean isAlias(String name, String commit) {
        return looksLikeOne(name) && commit != null && commit.startsWith(name);
    }

    /** The one commit of {@code commits} that {@code revision} abbreviates; empty when none or several. */
    static Optional<String> unique(String revision, Collection<String> commits) {
        if (!looksLikeOne(revision)) {
            return Optional.empty();
        }
        String found = null;
        for (String c : commits) {
            if (c.startsWith(revision) && !c.equals(found)) {
                if (found != null) {
                    return Optional.empty();
                }
                found = c;
            }
        }
        return Optional.ofNullable(found);
    }
}
