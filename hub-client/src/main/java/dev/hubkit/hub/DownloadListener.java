package dev.hubkit.hub;

/** Receives download progress; called from worker threads, so implementations must be thread-safe. */
public interface DownloadListener {

    /** A listener that ignores everything. */
    DownloadListener NONE = new DownloadListener() {
    };

    /**
     * A file download starts (or resumes at {@code alreadyHave} bytes). Called again for the same file when its
     * download is retried: {@code alreadyHave} then replaces every byte reported for it so far (the same count when
     * it resumes where it stopped, fewer when a corrupt or refused part was dropped), and {@code size} is the same
     * file's size, not more to come.
     */
    default void started(String file, long size, long alreadyHave) {
    }

    /** {@code bytes} more bytes of {@code file} arrived. */
    default void progress(String file, long bytes) {
    }

    /** {@code file} is complete (downloaded or found in the cache). */
    default void finished(String file, long size) {
    }
}
