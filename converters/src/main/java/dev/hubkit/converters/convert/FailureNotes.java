package dev.hubkit.converters.convert;

import dev.hubkit.converters.FormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Adds to a failure's message what the failure left behind and what to do about it (a file that could not be
 * removed), so that one error line says it all instead of a warning logged before the error.
 */
final class FailureNotes {
    private FailureNotes() {
    }

    /**
     * {@code e} with {@code note} after its message; of the same kind where the kind decides how it is shown. An
     * I/O failure keeps its kind and message as the cause of a {@link NotedIOException}, so that it is worded as
     * before with the note after it, once.
     */
    static Exception withNote(Exception e, String note) {
        if (e instanceof FormatException) {
            String message = (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + note;
            return new FormatException(message, e);
        }
        if (e instanceof IOException io) {
            return new NotedIOException(io, note);
        }
        if (e instanceof UncheckedIOException u) {
            NotedIOException noted = new NotedIOException(u.getCause(), note);
            // a context of its own ("reading X") stays; one that is only the cause's toString() is none
            boolean context = u.getMessage() != null && !u.getMessage().equals(u.getCause().toString());
            return context ? new UncheckedIOException(u.getMessage(), noted) : new UncheckedIOException(noted);
        }
        e.addSuppressed(new IllegalStateException(note.replaceFirst("^[;:, ]+", "")));
        return e; // a bug (exit 2): the note follows its stack trace with --verbose
    }

    /** The note for output files a failure left behind, to be deleted by hand. */
    static String notRemoved(List<Path> left) {
        return "; the partial output could not be removed, delete it by hand: " + left;
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
