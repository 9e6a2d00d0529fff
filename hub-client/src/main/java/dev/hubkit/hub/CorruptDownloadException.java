package dev.hubkit.hub;

/** A downloaded body does not match the size or hash the server announced; nothing was put in the cache. */
public class CorruptDownloadException extends HubException {
    private static final long serialVersionUID = 1L;

    public CorruptDownloadException(String message) {
        super(message);
    }

    public CorruptDownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
