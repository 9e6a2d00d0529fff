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
                t.setUncaughtExceptionHandler(Workers::uncaught);
                return t;
            });

    private Workers() {
    }

    /** How long a wait for a task sleeps before it looks at the task's state again. */
    private static final long WAKE_CHECK_MS = 200;

    /**
     * The uncaught-exception handler of the pool threads: a fault in a read of a memory map whose file got shorter
     * (SIGBUS) is reported by the JVM at the thread's next safepoint poll, which can fall in the pool's own code
     * after the task that read the map has returned; that thread then ends, and the reader that mapped the file
     * reports the change itself ({@link SourceChanged}), so it is not printed. Anything else is, as by default.
     */
    public static void uncaught(Thread t, Throwable e) {
        if (SourceChanged.isMapFault(e)) {
            org.slf4j.LoggerFactory.getLogger(Workers.class).debug("{}: a memory-mapped read faulted: {}", t.getName(),
                    e.toString());
            return;
        }
        System.err.print("Exception in thread \"" + t.getName() + "\" ");
        e.printStackTrace(System.err);
    }

    /**
     * As {@link Future#get()}, but it looks at the task's state again every {@value #WAKE_CHECK_MS} ms: a pool
     * thread hit by a late fault report (see {@link #uncaught}) while completing its task may not wake its waiter.
     */
    public static <T> T get(Future<T> f) throws InterruptedException, ExecutionException {
        while (true) {
            try {
                return f.get(WAKE_CHECK_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // not done yet: wait again
            }
        }
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
                    return get(f);
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
