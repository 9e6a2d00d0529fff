package dev.hubkit.converters.pytorch;

import dev.hubkit.converters.FormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a deflate-compressed zip entry (method 8, as {@code zip} writes and {@code torch.load} reads) chunk by
 * chunk, never producing more than the entry declares: an entry that inflates past its declared size (a zip bomb)
 * or short of it fails as soon as that shows, and the result is checked against the entry's CRC-32.
 */
final class ZipInflater {
    /** Zip method number of deflate. */
    static final int DEFLATED = 8;
    private static final int CHUNK = 1 << 20;

    /** Receives inflated bytes in order. */
    interface Sink {
        void accept(ByteBuffer bytes) throws IOException;
    }

    private ZipInflater() {
    }

    /** Inflates {@code e} into a heap array; its declared size must be at most {@code max} bytes. */
    static byte[] toHeap(Path file, FileChannel ch, ZipDirectory.Entry e, long max) throws IOException {
        if (e.uncompressedSize() > max) {
            throw new FormatException(file, "compressed zip entry '" + e.name() + "' declares " + e.uncompressedSize()
                    + " bytes, more than the " + max + " it may hold; the file is corrupt");
        }
        ByteBuffer out = ByteBuffer.allocate((int) e.uncompressedSize());
        inflate(file, ch, e, out::put);
        return out.array();
    }

    /** Inflates {@code e} to {@code out} from position {@code at} on; returns the bytes written. */
    static long toChannel(Path file, FileChannel ch, ZipDirectory.Entry e, FileChannel out, long at) throws IOException {
        long[] pos = {at};
        inflate(file, ch, e, b -> {
            while (b.hasRemaining()) {
                pos[0] += out.write(b, pos[0]);
            }
        });
        return pos[0] - at;
    }

    private static void inflate(Path file, FileChannel ch, ZipDirectory.Entry e, Sink sink) throws IOException {
        long declared = e.uncompressedSize();
        Inflater inflater = new Inflater(true);
        CRC32 crc = new CRC32();
        try {
            ByteBuffer in = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, e.size())));
            ByteBuffer out = ByteBuffer.allocate((int) Math.min(CHUNK, declared + 1));
            long read = 0;
            long produced = 0;
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    if (read >= e.size()) {
                        throw new FormatException(file, "compressed zip entry '" + e.name() + "' ends before its data"
                                + " does (" + produced + " of " + declared + " bytes); the file is truncated or corrupt");
                    }
                    in.clear().limit((int) Math.min(in.capacity(), e.size() - read));
                    while (in.hasRemaining()) {
                        if (ch.read(in, e.dataOffset() + read + in.position()) < 0) {
                            throw new FormatException(file, "zip entry '" + e.name() + "' is cut short; the file is"
                                    + " truncated");
                        }
                    }
                    read += in.flip().remaining();
                    inflater.setInput(in);
                }
                out.clear();
                int n = inflater.inflate(out);
                if (n == 0 && inflater.needsDictionary()) {
                    throw new FormatException(file, "compressed zip entry '" + e.name() + "' needs a preset"
                            + " dictionary; it is not a zip entry torch.load reads");
                }
                if (n == 0 && !inflater.needsInput() && !inflater.finished()) {
                    throw new FormatException(file, "compressed zip entry '" + e.name() + "' is not valid deflate data;"
                            + " the file is corrupt");
                }
                produced += n;
                if (produced > declared) {
                    throw new FormatException(file, "compressed zip entry '" + e.name() + "' inflates to more than the "
                            + declared + " bytes it declares; the file is corrupt (or a zip bomb)");
                }
                out.flip();
                crc.update(out.duplicate());
                sink.accept(out);
            }
            if (produced != declared) {
                throw new FormatException(file, "compressed zip entry '" + e.name() + "' inflates to " + produced
                        + " bytes but declares " + declared + "; the file is corrupt");
            }
            if ((int) crc.getValue() != e.crc32()) {
                throw new FormatException(file, "CRC-32 mismatch in compressed zip entry '" + e.name() + "'; the file"
                        + " is corrupt");
            }
        } catch (DataFormatException ex) {
            throw new FormatException(file, "compressed zip entry '" + e.name() + "' is not valid deflate data ("
                    + ex.getMessage() + "); the file is corrupt", ex);
        } finally {
            inflater.end();
        }
    }
}
