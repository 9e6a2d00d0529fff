package dev.hubkit.core;

/**
 * Root of hubkit's exception family. Every message says what was wrong, where
 * (file, JSON path, tensor, URL) and what to do about it.
 */
public class HubkitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HubkitException(String message) {
        super(message);
    }

    public HubkitException(String message, Throwable cause) {
        super(message, cause);
    }
}
