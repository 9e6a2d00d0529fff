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
 * {@link #close()} the digest holds exactly the bytes submitted. A body that fits in one buffer is
 * hashed on the calling thread instead (no thread to start for a small file).
 *
 * <p>Buffers are blocks of {@link BlobDownloader#HASH_BLOCK} filled by several reads (each read is
 * written to the file at once, while its bytes are still in the CPU caches), so the hasher thread
 * wakes up once per block; up to {@link #IN_FLIGHT} bytes can wait for the hasher while the reader
 * goes on, which absorbs the moments when the hasher does not get a core (two cores shared by
 * reader, hasher and, on loopback, the server).
 */
final class PipelinedDigest implements AutoCloseable {

    /**
     * Bytes that may be read ahead of the hasher: more than a reader gets through in one scheduler
     * time slice, so a hasher that misses a slice does not stall the reader (measured on 2 busy
     * cores: the reader waited for the hasher about a fifth of the time with 4 MB of half-filled
     * buffers, under a twentieth with 8 MB of full blocks).
     */
    static final int IN_FLIGHT = 8 << 20;

    /** Size of the per-thread buffer that small bodies are read into. */
    static final int SPARE_SIZE = 64 << 10;
    /**
     * One reusable buffer per thread for bodies that fit in one buffer; a thread runs one download at
     * a time and the buffer never leaves the download that took it.
     */
    private static final ThreadLocal<byte[]> SPARE = new ThreadLocal<>();

    private final MessageDigest digest;
    private final ExecutorService worker;
    private final ArrayBlockingQueue<byte[]> free;
    private Future<?> last;

    /**
     * @param digest the digest to feed, or null to only hand out one buffer
     * @param bufferSize size of each buffer
     * @param expected bytes the body is expected to have (decides inline hashing and the pool size)
     */
    PipelinedDigest(MessageDigest digest, int bufferSize, long expected) {
        this.digest = digest;
        boolean inline = digest == null || expected <= bufferSize;
        this.worker = inline ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hubkit-hash");
            t.setDaemon(true);
            return t;
        });
        int buffers = inline ? 1
                : (int) Math.max(2, Math.min(IN_FLIGHT / bufferSize, (expected + bufferSize - 1) / bufferSize));
        this.free = new ArrayBlockingQueue<>(buffers);
        if (inline && bufferSize <= SPARE_SIZE) {
            // a snapshot of many small files reuses one buffer per thread instead of allocating
            // (and zeroing) a new one per file
            byte[] spare = SPARE.get();
            if (spare == null) {
                spare = new byte[SPARE_SIZE];
                SPARE.set(spare);
            }
            free.add(spare);
            return;
        }
        for (int i = 0; i < buffers; i++) {
            free.add(new byte[bufferSize]);
        }
    }

    /** A buffer to read into (waits while all are being hashed). */
    byte[] buffer() throws InterruptedException {
        return free.take();
    }

    /** Hashes {@code buf[0..n)} in the background, then returns the buffer to the pool. */
    void submit(byte[] buf, int n) {
        if (worker == null) {
            if (digest != null) {
                digest.update(buf, 0, n);
            }
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
