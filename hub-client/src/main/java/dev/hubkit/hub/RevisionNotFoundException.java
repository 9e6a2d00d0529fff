package dev.hubkit.hub;

/** The repository exists but the revision (branch, tag or commit) does not. */
public class RevisionNotFoundException extends HubException {
    private static final long serialVersionUID = 1L;

    public RevisionNotFoundException(String message) {
        super(message);
    }

    public RevisionNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
