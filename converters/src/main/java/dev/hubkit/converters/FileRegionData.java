package dev.hubkit.converters;

import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A tensor whose bytes lie contiguous in a file region, optionally big-endian (swapped on the fly).
 * The caller has checked that the region lies inside the file.
 */
public final class FileRegionData implements TensorData {
    private final TensorInfo info;
    private final Path file;
    private final FileChannel channel;
    private final long offset;
    private final boolean bigEndian;

    /** A region of {@code info.byteSize()} bytes at {@code offset} of an open channel on {@code file}. */
    public FileRegionData(TensorInfo info, Path file, FileChannel channel, long offset, boolean bigEndian) {
        this.info = info;
        this.file = file;
        this.channel = channel;
        this.offset = offset;
        this.bigEndian = bigEndian;
    }

    @Override
    public TensorInfo info() {
        return info;
    }

    /** The file holding the bytes. */
    public Path file() {
        return file;
    }

    /** Offset of the first byte in the file. */
    public long offset() {
        return offset;
    }

    /** Whether the bytes are stored exactly as returned (little-endian), so they can be copied raw. */
    public boolean rawLittleEndian() {
        return !bigEndian || info.dtype().byteSize() == 1;
    }

    /** The channel the bytes are read from. */
    public FileChannel channel() {
        return channel;
    }

    @Override
    public void read(ChunkSink sink) throws IOException {
        long remaining = byteSize();
        long pos = offset;
        while (remaining > 0) {
            ByteBuffer buf = ChunkBuffers.input();
            int n = (int) Math.min(remaining, CHUNK_SIZE);
            buf.limit(n);
            while (buf.hasRemaining()) {
                int r = channel.read(buf, pos + buf.position());
                if (r < 0) {
                    throw SourceChanged.cutShort(file, info.name(), pos + buf.position());
                }
            }
            buf.flip();
            if (bigEndian) {
                ByteSwap.inPlace(buf, info.dtype().scalarSize());
            }
            sink.accept(buf);
            pos += n;
            remaining -= n;
        }
    }

    @Override
    public ByteBuffer buffer() throws IOException {
        long size = byteSize();
        if (size > Integer.MAX_VALUE) {
            throw new FormatException(file, "tensor '" + info.name() + "' has " + size
                    + " bytes, more than one buffer can hold; stream it with read() instead");
        }
        ByteBuffer mapped = SourceChanged.map(channel, file, info.name(), offset, size);
        if (!bigEndian) {
            return mapped.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer copy = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(mapped).flip();
        ByteSwap.inPlace(copy, info.dtype().scalarSize());
        return copy.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }
}
