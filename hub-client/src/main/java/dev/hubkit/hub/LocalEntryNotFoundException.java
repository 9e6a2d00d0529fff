package dev.hubkit.hub;

/** Offline (or the server unreachable) and the file is not in the local cache. */
public class LocalEntryNotFoundException extends HubException {
    private static final long serialVersionUID = 1L;

    public LocalEntryNotFoundException(String message) {
        super(message);
    }

    public LocalEntryNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
