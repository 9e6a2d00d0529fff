package dev.hubkit.hub;

/** A file name from the server or the user would escape the cache folder (.., absolute, drive letter, backslash). */
public class UnsafePathException extends HubException {
    private static final long serialVersionUID = 1L;

    public UnsafePathException(String message) {
        super(message);
    }

    public UnsafePathException(String message, Throwable cause) {
        super(message, cause);
    }
}
