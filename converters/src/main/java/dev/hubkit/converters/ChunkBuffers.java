package dev.hubkit.converters;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Per-thread reusable direct buffers, so streaming never allocates per chunk. */
public final class ChunkBuffers {
    private static final ThreadLocal<ByteBuffer> INPUT = ThreadLocal.withInitial(ChunkBuffers::allocate);
    private static final ThreadLocal<ByteBuffer> OUTPUT = ThreadLocal.withInitial(ChunkBuffers::allocate);
    private static final ThreadLocal<ByteBuffer> CAST = ThreadLocal.withInitial(ChunkBuffers::allocate);

    private ChunkBuffers() {
    }

    /** The buffer file reads land in. */
    public static ByteBuffer input() {
        return INPUT.get().clear();
    }

    /** The buffer transformations (casts, gathers) write to. */
    public static ByteBuffer output() {
        return OUTPUT.get().clear();
    }

    /** The buffer dtype casts write to (a cast may wrap a gather that uses {@link #output()}). */
    public static ByteBuffer cast() {
        return CAST.get().clear();
    }

    /**
     * A fresh little-endian direct buffer of at least {@code bytes} bytes (rounded up to whole cache lines)
     * starting at a 64-byte boundary, so whole cache lines are copied, summed and transposed.
     */
    public static ByteBuffer aligned(int bytes) {
        int line = 64;
        int rounded = (bytes + line - 1) / line * line;
        return ByteBuffer.allocateDirect(rounded + line).alignedSlice(line).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer allocate() {
        return ByteBuffer.allocateDirect(TensorData.CHUNK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }
}
