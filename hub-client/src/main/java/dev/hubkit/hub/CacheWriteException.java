package dev.hubkit.hub;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A download could not write into the cache (a full disk, a quota, a file size limit). Unlike a dropped
 * connection it is not retried: the message says what to free, and the partial file stays for resuming.
 */
public final class CacheWriteException extends IOException {
    private static final long serialVersionUID = 1L;

    CacheWriteException(String message, IOException cause) {
        super(message, cause);
    }

    /**
     * Writes all of {@code bytes} at {@code position}; a failure is a {@code CacheWriteException} about
     * {@code what} (unless the thread was interrupted).
     */
    static void writeFully(FileChannel ch, ByteBuffer bytes, long position, String what) throws IOException {
        long pos = position;
        try {
            while (bytes.hasRemaining()) {
                pos += ch.write(bytes, pos);
            }
        } catch (IOException e) {
            throw failed(what, e);
        }
    }

    /** Appends all of {@code bytes}; a failure is a {@code CacheWriteException} about {@code what} (as above). */
    static void appendFully(FileChannel ch, ByteBuffer bytes, String what) throws IOException {
        try {
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
        } catch (IOException e) {
            throw failed(what, e);
        }
    }

    /** {@code e} as a CacheWriteException, or as it is when the thread was interrupted (not the disk's fault). */
    private static IOException failed(String what, IOException e) {
        if (e instanceof java.nio.channels.ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
            return e;
        }
        return new CacheWriteException("cannot write " + what + " into the cache: " + e.getMessage()
                + "; free some disk space (or set HF_HUB_CACHE to another disk) and run again to resume", e);
    }
}
