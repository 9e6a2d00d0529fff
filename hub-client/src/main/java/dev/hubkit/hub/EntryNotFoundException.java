package dev.hubkit.hub;

/** The repository and revision exist but the file does not. */
public class EntryNotFoundException extends HubException {
    private static final long serialVersionUID = 1L;

    public EntryNotFoundException(String message) {
        super(message);
    }

    public EntryNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
