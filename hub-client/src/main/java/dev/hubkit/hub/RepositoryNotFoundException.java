package dev.hubkit.hub;

/** The repository does not exist, or is private and the token was missing or refused. */
public class RepositoryNotFoundException extends HubException {
    private static final long serialVersionUID = 1L;

    public RepositoryNotFoundException(String message) {
        super(message);
    }

    public RepositoryNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
