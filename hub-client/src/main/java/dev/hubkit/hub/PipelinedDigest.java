package dev.hubkit.hub;

import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Feeds a {@link MessageDigest} on a helper thread so hashing overlaps with reading the network
 * and writing the file. Buffers cycle through a small pool; updates keep their order. After
 * {@link #close()} the digest holds exactly the bytes submitted.
 */
final class PipelinedDigest implements AutoCloseable {

    private static final int BUFFERS = 4;

    private final MessageDigest digest;
    private final ExecutorService worker;
    private final ArrayBlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private Future<?> last;

    PipelinedDigest(MessageDigest digest, int bufferSize) {
        this.digest = digest;
        this.worker = digest == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hubkit-hash");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < (digest == null ? 1 : BUFFERS); i++) {
            free.add(new byte[bufferSize]);
        }
    }

    /** A buffer to read into (waits while all are being hashed). */
    byte[] buffer() throws InterruptedException {
        return free.take();
    }

    /** Hashes {@code buf[0..n)} in the background, then returns the buffer to the pool. */
    void submit(byte[] buf, int n) {
        if (digest == null) {
            free.add(buf);
            return;
        }
        last = worker.submit(() -> {
            digest.update(buf, 0, n);
            free.add(buf);
        });
    }

    /** Gives back a buffer that was not submitted. */
    void release(byte[] buf) {
        free.add(buf);
    }

    /** Waits until every submitted buffer is hashed. */
    @Override
    public void close() {
        if (worker == null) {
            return;
        }
        try {
            if (last != null) {
                last.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubTransportException("interrupted while hashing a download", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing failed", e.getCause());
        } finally {
            worker.shutdown();
        }
    }
}
