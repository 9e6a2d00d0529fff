package dev.hubkit.converters;

import dev.hubkit.core.HubkitException;
import java.nio.file.Path;

/**
 * A checkpoint file is malformed, hostile, truncated or of an unsupported kind. The message names
 * the file, the problem and what to do.
 */
public class FormatException extends HubkitException {
    private static final long serialVersionUID = 1L;

    public FormatException(String message) {
        super(message);
    }

    public FormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem in {@code file}: the message reads "{@code file}: {@code problem}". */
    public FormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    /** A problem in {@code file} caused by {@code cause}. */
    public FormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
