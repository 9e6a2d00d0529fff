package dev.hubkit.converters.mapping;

import dev.hubkit.converters.TensorData;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A tensor whose bytes can be read at any offset, so a transpose can fetch exactly the parts it needs
 * (a single read for a kernel that fits in memory, row segments for one that does not).
 */
public interface PositionalData extends TensorData {

    /**
     * Fills {@code dst} (position to limit) with the little-endian bytes that start at byte {@code offset}
     * of the tensor. Stored checksums are not checked here; see {@link #verify()} and {@link #readAll}.
     */
    void readAt(long offset, ByteBuffer dst) throws IOException;

    /** Reads the whole tensor into {@code dst} (at least {@link #byteSize()} bytes remaining), checking any checksum. */
    default void readAll(ByteBuffer dst) throws IOException {
        ByteBuffer part = dst.duplicate();
        part.limit(part.position() + Math.toIntExact(byteSize()));
        readAt(0, part);
        dst.position(part.position());
    }

    /**
     * Whether {@link #mappedView} hands out the bytes: they lie in a file, stored little-endian, in a
     * region small enough for one buffer.
     */
    default boolean mappable() {
        return false;
    }

    /**
     * The whole tensor as a read-only little-endian view of a memory map of its file, so a transpose reads
     * the page cache in place instead of copying the bytes into memory of its own; null unless
     * {@link #mappable}. Stored checksums are not checked here (see {@link #splitCrc32c}). The caller
     * unmaps it with {@link dev.hubkit.converters.MappedRegions#release} once no thread reads it.
     */
    default java.nio.MappedByteBuffer mappedView() throws IOException {
        return null;
    }

    /** The file the bytes lie in, null when they are in memory. */
    default java.nio.file.Path file() {
        return null;
    }

    /**
     * Throws a {@link dev.hubkit.converters.FormatException} when the file no longer holds the tensor's bytes (it
     * got shorter since they were mapped or read: truncated or rewritten during the conversion).
     */
    default void checkUnchanged() throws IOException {
    }

    /** Checks the stored checksum of the whole tensor, if the format keeps one (a full sequential read). */
    default void verify() throws IOException {
    }

    /** Whether {@link #readAll} checks a stored checksum, which a plain {@link #readAt} of every byte does not. */
    default boolean checksOnReadAll() {
        return false;
    }

    /**
     * Whether {@link #readAt} hands out the bytes exactly as stored and the format keeps their CRC-32C,
     * so a reader that splits {@link #readAll} into parts can sum them itself and call {@link #checkCrc32c}.
     */
    default boolean splitCrc32c() {
        return false;
    }

    /**
     * Checks the CRC-32C of all the tensor's bytes (as stored) against the stored one.
     *
     * @throws dev.hubkit.converters.FormatException when they differ
     */
    default void checkCrc32c(int crc) {
    }
}
