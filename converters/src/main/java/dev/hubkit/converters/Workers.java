package dev.hubkit.converters;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Helper threads on which a copy, a checksum or a transpose does one part of its work while the calling
 * thread does the other. Each task runs on a daemon thread of its own that ends with it, and a task is done
 * when its thread has ended ({@link OwnThreadTask}): no queue or pool state is shared between tasks, so a
 * late fault report from a memory map that shrank (see {@link #uncaught}) can end one thread but never strand
 * a later task. Callers always wait for what they submitted before returning (also on failure), so no task
 * outlives the buffers and channels it uses.
 */
public final class Workers {
    /** Whether a second core is there to share the work with. */
    public static final boolean PARALLEL = Runtime.getRuntime().availableProcessors() >= 2;

    private Workers() {
    }

    /**
     * The uncaught-exception handler of the helper threads: a fault in a read of a memory map whose file got
     * shorter (SIGBUS) is reported by the JVM at a later point of the thread that read it, which can fall after
     * its task has returned; that thread then ends, and the reader that mapped the file reports the change itself
     * ({@link SourceChanged}), so it is not printed. Anything else is, as by default.
     */
    static void uncaught(Thread t, Throwable e) {
        if (SourceChanged.isMapFault(e)) {
            org.slf4j.LoggerFactory.getLogger(Workers.class).debug("{}: a memory-mapped read faulted: {}", t.getName(),
                    e.toString());
            return;
        }
        System.err.print("Exception in thread \"" + t.getName() + "\" ");
        e.printStackTrace(System.err);
    }

    /** Runs {@code task} on a helper thread of its own. */
    public static <T> Future<T> submit(Callable<T> task) {
        return submit("hubkit-io-helper", task);
    }

    /** Runs {@code task} on a helper thread of its own named {@code threadName}. */
    public static <T> Future<T> submit(String threadName, Callable<T> task) {
        return OwnThreadTask.start(threadName, task);
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
     * Runs {@code first} on the calling thread and {@code second} on a helper thread at the same time;
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
