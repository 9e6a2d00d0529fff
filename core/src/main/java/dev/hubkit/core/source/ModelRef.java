package dev.hubkit.core.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reference to a model: a local directory, or a hub repo id such as
 * {@code org/name} with an optional {@code @revision}.
 *
 * @param text     the reference as the user wrote it
 * @param repoId   the repo id part, or {@code null} when this is not a valid repo id
 * @param revision the revision after {@code @}, or {@code null}
 */
public record ModelRef(String text, String repoId, String revision) {

    private static final Pattern REPO_ID =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,95}(/[A-Za-z0-9][A-Za-z0-9_.\\-]{0,95})?");

    /** Parses a reference; never fails, a reference may be neither a directory nor a repo id. */
    public static ModelRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("model reference is empty: give a directory or a repo id like org/name");
        }
        String id = text;
        String rev = null;
        int at = text.lastIndexOf('@');
        if (at > 0) {
            id = text.substring(0, at);
            rev = text.substring(at + 1);
        }
        boolean validId = REPO_ID.matcher(id).matches() && !id.contains("..") && !id.endsWith(".")
                && (rev == null || (!rev.isEmpty() && !rev.contains("..")));
        return new ModelRef(text, validId ? id : null, validId ? rev : null);
    }

    /** The reference as a local path, when it names an existing directory. */
    public Optional<Path> localDirectory() {
        try {
            Path p = Path.of(text);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether this reference can name a hub repository. */
    public boolean isRepoId() {
        return repoId != null;
    }

    @Override
    public String toString() {
        return text;
    }
}
