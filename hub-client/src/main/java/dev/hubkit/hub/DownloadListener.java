package dev.hubkit.hub;

/** Receives download progress; called from worker threads, so implementations must be thread-safe. */
public interface DownloadListener {

    /** A listener that ignores everything. */
    DownloadListener NONE = new DownloadListener() {
    };

    /** A file download starts (or resumes at {@code alreadyHave} bytes). */
    default void started(String file, long size, long alreadyHave) {
    }

    /** {@code bytes} more bytes of {@code file} arrived. */
    default void progress(String file, long bytes) {
    }

    /** {@code file} is complete (downloaded or found in the cache). */
    default void finished(String file, long size) {
    }
}
