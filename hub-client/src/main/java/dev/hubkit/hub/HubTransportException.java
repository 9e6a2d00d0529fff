package dev.hubkit.hub;

/** The server could not be reached or kept failing after every retry. */
public class HubTransportException extends HubException {
    private static final long serialVersionUID = 1L;

    public HubTransportException(String message) {
        super(message);
    }

    public HubTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
