package dev.hubkit.runtime;

import dev.hubkit.core.HubkitException;

/** Failure in the runtime module: no usable backend, a model that cannot be loaded, bad inputs. */
public class RuntimeBackendException extends HubkitException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, where, and what to do */
    public RuntimeBackendException(String message) {
        super(message);
    }

    /** @param message what went wrong, where, and what to do */
    public RuntimeBackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
