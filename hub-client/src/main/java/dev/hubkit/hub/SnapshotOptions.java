package dev.hubkit.hub;

import java.util.List;

/**
 * Options of a snapshot download.
 *
 * @param allowPatterns  only files matching one of these (fnmatch; empty = all)
 * @param ignorePatterns skip files matching one of these
 * @param workers        files downloaded in parallel
 * @param listener       progress callbacks
 */
public record SnapshotOptions(List<String> allowPatterns, List<String> ignorePatterns, int workers,
                              DownloadListener listener) {

    public SnapshotOptions {
        allowPatterns = allowPatterns == null ? List.of() : List.copyOf(allowPatterns);
        ignorePatterns = ignorePatterns == null ? List.of() : List.copyOf(ignorePatterns);
        if (workers < 1) {
            throw new HubException("snapshot workers must be at least 1, got " + workers);
        }
        listener = listener == null ? DownloadListener.NONE : listener;
    }

    /** Every file, 8 workers, no progress. */
    public static SnapshotOptions defaults() {
        return new SnapshotOptions(List.of(), List.of(), 8, DownloadListener.NONE);
    }

    public SnapshotOptions withWorkers(int n) {
        return new SnapshotOptions(allowPatterns, ignorePatterns, n, listener);
    }

    public SnapshotOptions withPatterns(List<String> allow, List<String> ignore) {
        return new SnapshotOptions(allow, ignore, workers, listener);
    }

    public SnapshotOptions withListener(DownloadListener l) {
        return new SnapshotOptions(allowPatterns, ignorePatterns, workers, l);
    }
}
