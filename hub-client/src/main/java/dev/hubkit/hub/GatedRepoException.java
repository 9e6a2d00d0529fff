package dev.hubkit.hub;

/** The repository is gated: access needs a token of an account that was granted access. */
public class GatedRepoException extends HubException {
    private static final long serialVersionUID = 1L;

    public GatedRepoException(String message) {
        super(message);
    }

    public GatedRepoException(String message, Throwable cause) {
        super(message, cause);
    }
}
