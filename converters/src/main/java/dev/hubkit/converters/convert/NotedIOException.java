package dev.hubkit.converters.convert;

import java.io.IOException;

/**
 * An I/O failure with a note on what it left behind ("; the partial output could not be removed, delete it by
 * hand: [...]"). The original failure is the cause, kind and message unchanged, so that it is worded as before
 * (an {@link java.nio.file.AccessDeniedException} still reads "permission denied: FILE"), and the note follows once.
 */
public final class NotedIOException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String note;

    /** {@code failure} with {@code note} (written as it should follow the failure's message, e.g. "; ..."). */
    public NotedIOException(IOException failure, String note) {
        super((failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage()) + note,
                failure);
        this.note = note;
    }

    /** The note, as it follows the failure's own message. */
    public String note() {
        return note;
    }

    /** The failure the note is about. */
    public IOException failure() {
        return (IOException) getCause();
    }
}
