package dev.hubkit.hub;

/** The server refused the credentials (HTTP 401/403 without a more precise error code). */
public class UnauthorizedException extends HubException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String message) {
        super(message);
    }

    public UnauthorizedException(String message, Throwable cause) {
        super(message, cause);
    }
}
