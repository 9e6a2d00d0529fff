package dev.hubkit.converters;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A small shared pool of daemon threads on which a copy or a checksum does one part of its work while
 * the calling thread does the other. Tasks never wait on other tasks of the pool, so it cannot
 * deadlock; callers always wait for what they submitted before returning (also on failure), so no task
 * outlives the buffers and channels it uses.
 */
public final class Workers {
    /** Whether a second core is there to share the work with. */
    public static final boolean PARALLEL = Runtime.getRuntime().availableProcessors() >= 2;

    private static final ExecutorService POOL = Executors.newFixedThreadPool(
            Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors() - 1)), r -> {
                Thread t = new Thread(r, "hubkit-io-helper");
                t.setDaemon(true);
                return t;
            });

    private Workers() {
    }

    /** Runs {@code task} on a pool thread. */
    public static <T> Future<T> submit(Callable<T> task) {
        return POOL.submit(task);
    }

    /**
     * The result of {@code f}, rethrowing the task's IOException or unchecked exception as it was thrown.
     */
    public static <T> T await(Future<T> f) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true; // wait anyway: the task uses the caller's buffers and channels
                } catch (ExecutionException e) {
                    throw rethrow(e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The failure of a task as it was thrown: an IOException is returned (for the caller to throw), an
     * unchecked exception or error is thrown here, anything else comes back wrapped in an IOException.
     */
    public static IOException rethrow(ExecutionException e) {
        return asThrown(e.getCause());
    }

    /**
     * {@code failure} as it was thrown: an IOException is returned (for the caller to throw), an unchecked
     * exception or error is thrown here, anything else comes back wrapped in an IOException.
     */
    public static IOException asThrown(Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        return new IOException(failure);
    }

    /**
     * Runs {@code first} on the calling thread and {@code second} on a pool thread at the same time;
     * returns both results. The first failure is thrown (the other's attached as suppressed) only after
     * both have finished.
     */
    public static <T> Pair<T> both(Callable<T> first, Callable<T> second) throws IOException {
        Future<T> other = submit(second);
        T a;
        try {
            a = first.call();
        } catch (IOException | RuntimeException | Error e) {
            try {
                await(other);
            } catch (IOException | RuntimeException | Error o) {
                e.addSuppressed(o);
            }
            throw e;
        } catch (Exception e) {
            try {
                await(other);
            } catch (IOException | RuntimeException | Error o) {
                e.addSuppressed(o);
            }
            throw new IOException(e);
        }
        return new Pair<>(a, await(other));
    }

    /** Two results. */
    public record Pair<T>(T first, T second) {
    }
}
