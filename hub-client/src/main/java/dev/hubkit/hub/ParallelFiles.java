package dev.hubkit.hub;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs the per-file jobs of a snapshot on a few daemon threads. The first failure (in the order failures happen)
 * cancels the rest, and the call returns only once the cancelled workers have stopped (or a bounded wait is over),
 * so that the caller's cleanup never races with a worker still writing files.
 */
final class ParallelFiles {

    /** How long a failed run waits for its cancelled workers to stop before it gives up on them. */
    static final Duration STOP_WAIT = WorkerPools.STOP_WAIT;

    private ParallelFiles() {
    }

    /** Runs {@code jobs} with at most {@code workers} at a time; rethrows the first failure. */
    static void run(List<Supplier<Path>> jobs, int workers, String what) {
        run(jobs, workers, what, STOP_WAIT);
    }

    /**
     * Runs {@code jobs} with at most {@code workers} at a time; on the first failure, cancels the others, waits up to
     * {@code stopWait} for them to stop, then throws it: a {@link RuntimeException} or {@link Error} as it is, any
     * other failure as a {@link HubException} that says in plain words what went wrong.
     *
     * @throws HubTransportException when the calling thread is interrupted (its interrupt flag is set again)
     */
    static void run(List<Supplier<Path>> jobs, int workers, String what, Duration stopWait) {
        if (workers == 1 || jobs.size() <= 1) {
            jobs.forEach(Supplier::get);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, jobs.size()), r -> {
            Thread t = new Thread(r, "hubkit-snapshot");
            t.setDaemon(true);
            return t;
        });
        List<Future<Path>> futures = new ArrayList<>();
        Throwable failure = null;
        InterruptedException interrupted = null;
        try {
            CompletionService<Path> done = new ExecutorCompletionService<>(pool);
            for (Supplier<Path> job : jobs) {
                futures.add(done.submit(job::get));
            }
            for (int i = 0; i < futures.size() && failure == null; i++) {
                try {
                    done.take().get();
                } catch (ExecutionException e) {
                    failure = e.getCause();
                }
            }
        } catch (InterruptedException e) {
            interrupted = e;
        } finally {
            // after a failure or an interrupt: the others are cancelled and waited for; after success: at once
            WorkerPools.stop(pool, futures, stopWait, what);
        }
        if (interrupted != null) {
            Thread.currentThread().interrupt();
            throw new HubTransportException(what + " was interrupted", interrupted);
        }
        if (failure != null) {
            throw rethrown(failure, what);
        }
    }

    /** The failure of a job as the caller throws it: never worded by a Java class name. */
    private static RuntimeException rethrown(Throwable cause, String what) {
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new HubException(what + " failed: " + PlainReasons.of(cause), cause);
    }
}
