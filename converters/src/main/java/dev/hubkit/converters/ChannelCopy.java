package dev.hubkit.converters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;

/** Copies tensor bytes into an output channel, kernel-to-kernel when the source is a raw file region. */
public final class ChannelCopy {
    private ChannelCopy() {
    }

    /**
     * Appends the bytes of {@code data} at {@code out}'s position, updating {@code crc} when not null.
     *
     * @return the number of bytes written
     */
    public static long copy(TensorData data, FileChannel out, CRC32 crc) throws IOException {
        long size = data.byteSize();
        if (crc == null && data instanceof FileRegionData region && region.rawLittleEndian()) {
            long pos = out.position();
            long done = 0;
            while (done < size) {
                long n = region.channel().transferTo(region.offset() + done, size - done, out);
                if (n <= 0) {
                    throw SourceChanged.cutShort(region.file(), data.info().name(), region.offset() + done);
                }
                done += n;
            }
            out.position(pos + size);
            return size;
        }
        long[] written = {0};
        data.read(chunk -> {
            if (crc != null) {
                crc.update(chunk.duplicate());
            }
            written[0] += writeFully(out, chunk);
        });
        if (written[0] != size) {
            throw new IllegalStateException("tensor '" + data.info().name() + "' produced " + written[0]
                    + " bytes, expected " + size);
        }
        return size;
    }

    /** Writes all remaining bytes of {@code buf}. */
    public static int writeFully(FileChannel out, ByteBuffer buf) throws IOException {
        int n = buf.remaining();
        while (buf.hasRemaining()) {
            out.write(buf);
        }
        return n;
    }
}
