package dev.hubkit.converters;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Positional writes into one file made by one background thread, for several threads that fill buffers
 * with computed bytes (transposed kernels): they hand a filled buffer over with {@link #submit} and go on
 * with the next one, so only one thread writes to the file at a time and nobody waits for a write.
 *
 * <p>Why: Linux file systems take the file's write lock for every buffered write, and a thread that finds
 * it taken spins on the CPU while the holder copies its bytes (measured with perf on a 2-core VM: two
 * threads writing the transposed bands of one TF checkpoint with their own positional writes spent 14% of
 * all CPU samples in {@code rwsem_spin_on_owner}). And since writes are not waited for, a conversion goes
 * on with its next tensor while the last bands of one are still being written (writers {@link #flush}
 * before they commit the file).
 *
 * <p>Buffers come from {@link #take} (at most {@code buffers} of them out at once: a caller that finds none
 * free waits for the writer) and go back to a free list once written. After a write fails the rest are
 * dropped and {@link #take}, {@link #submit} and {@link #flush} throw that failure as it was thrown.
 * Thread-safe.
 */
public final class BackgroundWrites implements AutoCloseable {
    /** Buffers of closed instances kept for the next (direct and 64-byte aligned: first touches are paid once). */
    private static final ConcurrentLinkedQueue<ByteBuffer> SPARE = new ConcurrentLinkedQueue<>();
    private static final int MAX_SPARE = 16;
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hubkit-writer");
        t.setDaemon(true);
        return t;
    });

    private final FileChannel channel;
    private final int bufferBytes;
    private final int maxBuffers;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final ArrayDeque<Pending> queued = new ArrayDeque<>();
    private int made;
    private long submitted;
    private long done;
    private boolean writerRunning;
    private boolean closed;
    /** The first write failure: an IOException, or an unchecked exception or error as it was thrown. */
    private Throwable failure;

    private record Pending(ByteBuffer bytes, long position) {
    }

    /**
     * Writes into {@code channel} through buffers of at least {@code bufferBytes} bytes, at most
     * {@code buffers} of them out at once (best one or two more than the threads filling them).
     */
    public BackgroundWrites(FileChannel channel, int bufferBytes, int buffers) {
        this.channel = channel;
        this.bufferBytes = bufferBytes;
        this.maxBuffers = Math.max(2, buffers);
    }

    /**
     * An empty little-endian buffer of at least the size asked for at construction, to fill and
     * {@link #submit}; waits while every buffer is out.
     */
    public ByteBuffer take() throws IOException {
        return take(bufferBytes);
    }

    /** As {@link #take()}, a buffer of at least {@code bytes} bytes. */
    public ByteBuffer take(int bytes) throws IOException {
        synchronized (this) {
            while (true) {
                throwIfFailed();
                ByteBuffer b = free.poll();
                if (b != null) {
                    return b.capacity() >= bytes ? b.clear() : newBuffer(bytes);
                }
                if (made < maxBuffers) {
                    made++;
                    break;
                }
                await();
            }
        }
        return newBuffer(Math.max(bytes, bufferBytes));
    }

    /**
     * Has {@code bytes} (position to limit) written at {@code position} of the file by the background
     * thread; the buffer belongs to this object from here on. Throws an earlier write's failure.
     */
    public void submit(ByteBuffer bytes, long position) throws IOException {
        boolean start;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("writes to a closed BackgroundWrites");
            }
            throwIfFailed();
            queued.add(new Pending(bytes, position));
            submitted++;
            notifyAll();
            start = !writerRunning;
            writerRunning = true;
        }
        if (start) {
            WRITERS.execute(this::writeQueued);
        }
    }

    /** Waits until everything submitted so far is written; throws the first write failure, if any. */
    public void flush() throws IOException {
        synchronized (this) {
            while (done < submitted) {
                await();
            }
            throwIfFailed();
        }
    }

    /**
     * Waits for the writes still queued (not throwing their failure: call {@link #flush} first for that)
     * and keeps the buffers for later instances.
     */
    @Override
    public void close() {
        boolean interrupted = false;
        synchronized (this) {
            closed = true;
            notifyAll();
            while (done < submitted || writerRunning) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the writer uses buffers we are about to hand on: wait anyway
                }
            }
            ByteBuffer b;
            while ((b = free.poll()) != null) {
                if (SPARE.size() < MAX_SPARE) {
                    SPARE.add(b);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The background thread: writes queued buffers until none is left, then ends (restarted by submit). */
    private void writeQueued() {
        while (true) {
            Pending p;
            boolean write;
            synchronized (this) {
                p = queued.poll();
                if (p == null) {
                    writerRunning = false;
                    notifyAll();
                    return;
                }
                write = failure == null;
            }
            Throwable failed = null;
            if (write) {
                try {
                    ByteBuffer b = p.bytes();
                    long at = p.position();
                    while (b.hasRemaining()) {
                        at += channel.write(b, at);
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failed = e;
                }
            }
            synchronized (this) {
                if (failed != null && failure == null) {
                    failure = failed;
                }
                free.add(p.bytes());
                done++;
                notifyAll();
            }
        }
    }

    private void throwIfFailed() throws IOException {
        if (failure != null) {
            throw Workers.asThrown(failure);
        }
    }

    private void await() throws IOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a background write");
        }
    }

    private static ByteBuffer newBuffer(int bytes) {
        ByteBuffer spare;
        while ((spare = SPARE.poll()) != null) {
            if (spare.capacity() >= bytes) {
                return spare.clear();
            }
        }
        return ChunkBuffers.aligned(bytes);
    }
}
