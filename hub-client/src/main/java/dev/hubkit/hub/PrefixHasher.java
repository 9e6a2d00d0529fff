package dev.hubkit.hub;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.function.LongSupplier;

/**
 * Hashes the completed prefix of a file that is being written out of order (parallel chunks) on a
 * helper thread, so that when the last chunk lands only the bytes not yet hashed are left to read
 * instead of the whole file. {@code ready} tells how many bytes from offset 0 are written.
 */
final class PrefixHasher implements AutoCloseable {

    private static final int BUFFER = 256 << 10;

    private final FileChannel file;
    private final MessageDigest digest;
    private final LongSupplier ready;
    private final Thread thread;
    private final Object signal = new Object();
    private volatile boolean stop;
    private long hashed;
    private IOException failure;

    /**
     * Starts hashing.
     *
     * @param file the file, opened for reading (positional reads only)
     * @param digest a fresh digest
     * @param ready bytes from offset 0 that are complete; must only grow
     */
    PrefixHasher(FileChannel file, MessageDigest digest, LongSupplier ready) {
        this.file = file;
        this.digest = digest;
        this.ready = ready;
        this.thread = new Thread(this::loop, "hubkit-prefix-hash");
        thread.setDaemon(true);
        thread.start();
    }

    /** Wakes the helper up (call when a chunk completes). */
    void advanced() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void loop() {
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        try {
            while (!stop) {
                long upTo = ready.getAsLong();
                if (upTo > hashed) {
                    hashUpTo(Math.min(upTo, hashed + (16L << 20)), buf);
                    continue;
                }
                synchronized (signal) {
                    if (!stop) {
                        signal.wait(20);
                    }
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void hashUpTo(long end, ByteBuffer buf) throws IOException {
        while (hashed < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - hashed));
            int n = file.read(buf, hashed);
            if (n < 0) {
                throw new IOException("file ended at " + hashed + " bytes while hashing up to " + end);
            }
            digest.update(buf.array(), 0, n);
            hashed += n;
        }
    }

    /**
     * Stops the helper, hashes what is left up to {@code size} on the calling thread, and returns the
     * digest.
     */
    byte[] finish(long size) throws IOException {
        halt();
        if (failure != null) {
            throw failure;
        }
        hashUpTo(size, ByteBuffer.allocate(BUFFER));
        return digest.digest();
    }

    private void halt() {
        stop = true;
        advanced();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the helper without a result (the download failed). */
    @Override
    public void close() {
        halt();
    }
}
