package dev.hubkit.runtime.pipeline;

import dev.hubkit.runtime.RuntimeBackendException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs jobs {@code 0..count-1} on up to {@code parallelism} threads (the caller plus pooled daemon
 * helpers), each thread taking the next job until none are left. The first failure stops the rest
 * and is rethrown to the caller.
 */
final class Workers {
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hubkit-pipeline-worker");
        t.setDaemon(true);
        return t;
    });

    private Workers() {
    }

    static void run(int count, int parallelism, IntConsumer job) {
        int threads = Math.max(1, Math.min(parallelism, count));
        if (threads == 1) {
            for (int i = 0; i < count; i++) {
                job.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        Runnable loop = () -> {
            int i;
            while (!failed.get() && (i = next.getAndIncrement()) < count) {
                try {
                    job.accept(i);
                } catch (RuntimeException | Error e) {
                    failed.set(true);
                    throw e;
                }
            }
        };
        List<Future<?>> helpers = new ArrayList<>(threads - 1);
        for (int k = 1; k < threads; k++) {
            helpers.add(HELPERS.submit(loop));
        }
        Throwable first = null;
        try {
            loop.run();
        } catch (RuntimeException | Error e) {
            first = e;
        }
        for (Future<?> f : helpers) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.set(true);
                if (first == null) {
                    first = new RuntimeBackendException("interrupted while waiting for pipeline workers", e);
                }
            }
        }
        if (first instanceof RuntimeException re) {
            throw re;
        }
        if (first instanceof Error err) {
            throw err;
        }
        if (first != null) {
            throw new RuntimeBackendException("pipeline worker failed: " + first, first);
        }
    }
}
