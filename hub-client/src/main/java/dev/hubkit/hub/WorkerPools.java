package dev.hubkit.hub;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stopping a download's worker threads so that nothing of theirs runs on after the download returned. */
final class WorkerPools {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPools.class);
    /** How long a failed download waits for its cancelled workers to stop before it gives up on them. */
    static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private WorkerPools() {
    }

    /**
     * Cancels every job (interrupting those running) and waits up to {@code wait} for the workers to stop. An
     * interrupt of the waiting thread ends the wait early; its flag is set again.
     */
    static void stop(ExecutorService pool, List<? extends Future<?>> futures, Duration wait, String what) {
        futures.forEach(f -> f.cancel(true));
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: some of its workers were still running {} s after it was stopped", what,
                        wait.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("{}: stopped waiting for its workers: interrupted", what);
        }
    }
}
