package dev.hubkit.converters.safetensors;

import dev.hubkit.converters.TensorData;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Appends chunks to a channel on a second thread, so that producing the next chunk (a dtype cast, a
 * gather) overlaps with the kernel copying the previous one into the page cache. Chunks are copied into
 * a few reusable direct buffers; memory stays bounded whatever the tensor size. Not thread-safe: one
 * producer thread, which must {@link #drain()} before writing to the channel itself.
 */
final class PipelinedWrites implements AutoCloseable {
    private static final int DEPTH = 4;
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final FileChannel out;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(DEPTH);
    private final BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(DEPTH + 1);
    private final Thread thread;
    private volatile IOException failure;

    PipelinedWrites(FileChannel out) {
        this.out = out;
        for (int i = 0; i < DEPTH; i++) {
            free.add(ByteBuffer.allocateDirect(TensorData.CHUNK_SIZE));
        }
        thread = new Thread(this::run, "hubkit-safetensors-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                ByteBuffer b = full.take();
                if (b == END) {
                    return;
                }
                try {
                    if (failure == null) {
                        while (b.hasRemaining()) {
                            out.write(b);
                        }
                    }
                } catch (IOException e) {
                    failure = e;
                } finally {
                    free.put(b);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues a copy of {@code chunk}'s remaining bytes (at most {@link TensorData#CHUNK_SIZE}) for writing. */
    void write(ByteBuffer chunk) throws IOException {
        check();
        try {
            while (chunk.hasRemaining()) {
                ByteBuffer b = free.take().clear();
                ByteBuffer part = chunk.duplicate();
                part.limit(part.position() + Math.min(part.remaining(), b.capacity()));
                b.put(part).flip();
                chunk.position(part.limit());
                full.put(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        }
    }

    /** Waits until every queued chunk is in the channel; rethrows a write failure. */
    void drain() throws IOException {
        ByteBuffer[] all = new ByteBuffer[DEPTH];
        try {
            for (int i = 0; i < DEPTH; i++) {
                all[i] = free.take();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        } finally {
            for (ByteBuffer b : all) {
                if (b != null) {
                    free.add(b);
                }
            }
        }
        check();
    }

    private void check() throws IOException {
        IOException e = failure;
        if (e != null) {
            throw new IOException("writing failed: " + e.getMessage(), e);
        }
    }

    /** Stops the writer thread (after the chunks already queued). */
    @Override
    public void close() {
        try {
            full.put(END);
            thread.join();
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}
