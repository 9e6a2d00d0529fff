package dev.hubkit.converters;

import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes of one tensor, little-endian and C-contiguous in the tensor's dtype, read lazily from
 * its file. Implementations are not thread-safe.
 */
public interface TensorData {

    /**
     * Largest chunk handed to a {@link ChunkSink}; a multiple of every element size. Small enough to stay
     * in the CPU cache between the read, the checksum or cast, and the write (measured: 256 KiB chunks
     * copy with CRC about 3x faster than 8 MiB ones).
     */
    int CHUNK_SIZE = 256 << 10;

    /** Receives the bytes of a tensor piece by piece. */
    @FunctionalInterface
    interface ChunkSink {
        /** The buffer (position to limit) is only valid during the call and must not be kept. */
        void accept(ByteBuffer chunk) throws IOException;
    }

    /** Name, dtype and shape. */
    TensorInfo info();

    /** Number of bytes ({@code info().byteSize()}). */
    default long byteSize() {
        return info().byteSize();
    }

    /** Streams the bytes in order, in chunks of at most {@link #CHUNK_SIZE} that hold whole elements. */
    void read(ChunkSink sink) throws IOException;

    /**
     * The whole tensor as one read-only little-endian buffer: a zero-copy memory-mapped view when the
     * bytes lie contiguous in the file in that order, a copy otherwise.
     *
     * @throws FormatException when the tensor is larger than 2 GiB (use {@link #read} instead)
     */
    ByteBuffer buffer() throws IOException;
}
