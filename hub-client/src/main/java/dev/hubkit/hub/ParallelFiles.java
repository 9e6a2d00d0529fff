package dev.hubkit.hub;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/** Runs the per-file jobs of a snapshot on a few daemon threads; the first failure cancels the rest. */
final class ParallelFiles {

    private ParallelFiles() {
    }

    /** Runs {@code jobs} with at most {@code workers} at a time; rethrows the first failure. */
    static void run(List<Supplier<Path>> jobs, int workers, String what) {
        if (workers == 1 || jobs.size() <= 1) {
            jobs.forEach(Supplier::get);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, jobs.size()), r -> {
            Thread t = new Thread(r, "hubkit-snapshot");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Path>> futures = new ArrayList<>();
            for (Supplier<Path> job : jobs) {
                futures.add(pool.submit(job::get));
            }
            for (Future<Path> fu : futures) {
                try {
                    fu.get();
                } catch (ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new HubException(what + " failed: " + e.getCause(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubTransportException(what + " was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
