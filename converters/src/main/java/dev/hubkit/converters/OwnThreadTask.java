package dev.hubkit.converters;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A task on a daemon thread of its own, done once that thread has ended. Waiting is {@link Thread#join}, which
 * the JVM ends when the thread ends however it ends: a fault report from a shrunken memory map, delivered at
 * some later point of the helper thread (see {@link Workers#uncaught}), can end the thread early but cannot
 * leave a waiter blocked, as it could when it lands inside a pool's queue or a {@link java.util.concurrent.FutureTask}.
 * A thread that ended without its task's result fails the task with what ended it.
 */
final class OwnThreadTask<T> implements Future<T>, Runnable {
    private final Callable<T> task;
    private final Thread thread;
    private volatile boolean finished;
    private volatile T result;
    private volatile Throwable failure;
    private volatile boolean cancelled;

    private OwnThreadTask(String threadName, Callable<T> task) {
        this.task = task;
        this.thread = new Thread(this, threadName);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> {
            ended(e);
            Workers.uncaught(t, e);
        });
    }

    /** Starts {@code task} on a new daemon thread named {@code threadName}. */
    static <T> OwnThreadTask<T> start(String threadName, Callable<T> task) {
        OwnThreadTask<T> started = new OwnThreadTask<>(threadName, task);
        started.thread.start();
        return started;
    }

    @Override
    public void run() {
        if (cancelled) {
            return;
        }
        try {
            T value = task.call();
            result = value;
            finished = true;
        } catch (Throwable e) {
            failure = e;
        }
    }

    /** Called on the helper thread when something thrown outside the task ends it. */
    private void ended(Throwable e) {
        if (!finished && failure == null) {
            failure = e;
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        cancelled = true;
        if (mayInterruptIfRunning) {
            thread.interrupt();
        }
        return true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled && !finished && failure == null;
    }

    @Override
    public boolean isDone() {
        return !thread.isAlive();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        thread.join();
        return outcome();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        thread.join(Math.max(1, unit.toMillis(timeout)));
        if (thread.isAlive()) {
            throw new TimeoutException();
        }
        return outcome();
    }

    private T outcome() throws ExecutionException {
        if (finished) {
            return result;
        }
        Throwable e = failure;
        if (e != null) {
            throw new ExecutionException(e);
        }
        if (cancelled) {
            throw new CancellationException("helper task '" + thread.getName() + "' was cancelled before it ran");
        }
        throw new ExecutionException(new IOException("helper thread '" + thread.getName()
                + "' ended without finishing its task; run the command again"));
    }
}
