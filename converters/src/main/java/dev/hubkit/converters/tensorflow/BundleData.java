package dev.hubkit.converters.tensorflow;

import dev.hubkit.converters.ByteSwap;
import dev.hubkit.converters.ChunkBuffers;
import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.MappedCrc32c;
import dev.hubkit.converters.SourceChanged;
import dev.hubkit.converters.mapping.PositionalData;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/** The bytes of one tensor of a bundle data shard, checked against the entry's masked CRC32C as they are read. */
final class BundleData implements PositionalData {
    private final TensorInfo info;
    private final Path file;
    private final FileChannel channel;
    private final long offset;
    private final int storedCrc;
    private final boolean bigEndian;

    BundleData(TensorInfo info, Path file, FileChannel channel, long offset, int storedCrc, boolean bigEndian) {
        this.info = info;
        this.file = file;
        this.channel = channel;
        this.offset = offset;
        this.storedCrc = storedCrc;
        this.bigEndian = bigEndian;
    }

    @Override
    public TensorInfo info() {
        return info;
    }

    @Override
    public void read(ChunkSink sink) throws IOException {
        CRC32C crc = new CRC32C();
        long remaining = byteSize();
        long pos = offset;
        while (remaining > 0) {
            ByteBuffer buf = ChunkBuffers.input();
            int n = (int) Math.min(remaining, CHUNK_SIZE);
            buf.limit(n);
            while (buf.hasRemaining()) {
                if (channel.read(buf, pos + buf.position()) < 0) {
                    throw SourceChanged.cutShort(file, info.name(), pos + buf.position());
                }
            }
            buf.flip();
            crc.update(buf.duplicate());
            pos += n;
            remaining -= n;
            if (remaining == 0) {
                check(crc);
            }
            if (bigEndian) {
                ByteSwap.inPlace(buf, info.dtype().scalarSize());
            }
            sink.accept(buf);
        }
        if (byteSize() == 0) {
            check(crc);
        }
    }

    @Override
    public void readAt(long at, ByteBuffer dst) throws IOException {
        int start = dst.position();
        if (at < 0 || at + dst.remaining() > byteSize()) {
            throw new IllegalArgumentException("bytes " + at + ".." + (at + dst.remaining()) + " lie outside tensor '"
                    + info.name() + "' of " + byteSize() + " bytes");
        }
        fill(offset + at, dst);
        if (bigEndian) {
            ByteSwap.inPlace(dst.duplicate().flip().position(start), info.dtype().scalarSize());
        }
    }

    @Override
    public void readAll(ByteBuffer dst) throws IOException {
        int start = dst.position();
        ByteBuffer part = dst.duplicate();
        part.limit(start + Math.toIntExact(byteSize()));
        fill(offset, part);
        CRC32C crc = new CRC32C();
        crc.update(part.duplicate().flip().position(start));
        check(crc);
        if (bigEndian) {
            ByteSwap.inPlace(part.duplicate().flip().position(start), info.dtype().scalarSize());
        }
        dst.position(part.position());
    }

    @Override
    public void verify() throws IOException {
        read(chunk -> { });
    }

    private void fill(long pos, ByteBuffer dst) throws IOException {
        int start = dst.position();
        while (dst.hasRemaining()) {
            if (channel.read(dst, pos + dst.position() - start) < 0) {
                throw SourceChanged.cutShort(file, info.name(), pos + dst.position() - start);
            }
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
        checkCrc32c(MappedCrc32c.of(mapped, 0, (int) size));
        if (!bigEndian) {
            return mapped.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer copy = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(mapped).flip();
        ByteSwap.inPlace(copy, info.dtype().scalarSize());
        return copy.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public boolean mappable() {
        return !bigEndian && byteSize() <= Integer.MAX_VALUE;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public void checkUnchanged() throws IOException {
        SourceChanged.requireRegion(channel, file, info.name(), offset, byteSize());
    }

    @Override
    public java.nio.MappedByteBuffer mappedView() throws IOException {
        return mappable() ? SourceChanged.map(channel, file, info.name(), offset, byteSize()) : null;
    }

    @Override
    public boolean checksOnReadAll() {
        return true;
    }

    @Override
    public boolean splitCrc32c() {
        return !bigEndian;
    }

    private void check(CRC32C crc) {
        checkCrc32c((int) crc.getValue());
    }

    @Override
    public void checkCrc32c(int crc) {
        int actual = MaskedCrc.mask(crc);
        if (actual != storedCrc) {
            throw new FormatException(file, String.format("CRC mismatch in tensor '%s': the index says 0x%08x, "
                    + "its %d bytes at offset %d give 0x%08x; the data shard is corrupt", info.name(), storedCrc,
                    byteSize(), offset, actual));
        }
    }
}
