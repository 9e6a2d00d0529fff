package dev.hubkit.hub.server;

import dev.hubkit.hub.HubException;

/** A private or gated repo key names no served repo, so the repo it meant to protect would be public. */
public final class UnknownRepoKeyException extends HubException {
    private static final long serialVersionUID = 1L;

    public UnknownRepoKeyException(String message) {
        super(message);
    }
}
