package dev.hubkit.hub;

/** The local cache folder is unusable (not writable, broken layout, bad index). */
public class HubCacheException extends HubException {
    private static final long serialVersionUID = 1L;

    public HubCacheException(String message) {
        super(message);
    }

    public HubCacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
