package dev.hubkit.converters.convert;

import dev.hubkit.converters.FormatException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Adds to a failure's message what the failure left behind and what to do about it (a file that could not be
 * removed), so that one error line says it all instead of a warning logged before the error.
 */
final class FailureNotes {
    private FailureNotes() {
    }

    /** {@code e} with {@code note} after its message; of the same kind where the kind decides how it is shown. */
    static Exception withNote(Exception e, String note) {
        String message = (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + note;
        if (e instanceof FormatException) {
            return new FormatException(message, e);
        }
        if (e instanceof IOException) {
            return new IOException(message, e);
        }
        if (e instanceof UncheckedIOException u) {
            return new UncheckedIOException(message, u.getCause());
        }
        e.addSuppressed(new IllegalStateException(note.replaceFirst("^[;:, ]+", "")));
        return e; // a bug (exit 2): the note follows its stack trace with --verbose
    }

    /** Throws {@code e} with {@code note} added (see {@link #withNote}). */
    static void rethrow(Exception e, String note) throws IOException {
        Exception noted = withNote(e, note);
        if (noted instanceof IOException io) {
            throw io;
        }
        throw (RuntimeException) noted;
    }
}
