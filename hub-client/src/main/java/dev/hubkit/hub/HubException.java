package dev.hubkit.hub;

import dev.hubkit.core.HubkitException;

/**
 * Root of the hub client's exceptions. Messages name the repo, revision or file and say
 * what to do; they never contain the access token.
 */
public class HubException extends HubkitException {
    private static final long serialVersionUID = 1L;

    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
