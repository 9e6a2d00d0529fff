package dev.hubkit.converters.pytorch;

import dev.hubkit.converters.FormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The central directory of a zip file, read by hand so that STORED entries can be memory-mapped in
 * place (never inflated into the heap; deflated ones are inflated by {@link ZipInflater}). Supports Zip64.
 */
public final class ZipDirectory {

    /**
     * An entry: where its (possibly compressed) bytes start in the file, how many there are, the compression method
     * (0 stored, 8 deflated), and the size and CRC-32 of the uncompressed data as the central directory declares them.
     */
    public record Entry(String name, long dataOffset, long size, int method, long uncompressedSize, int crc32) {
    }

    private static final int EOCD_SIG = 0x06054b50;
    private static final int ZIP64_EOCD_SIG = 0x06064b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int CEN_SIG = 0x02014b50;
    private static final int LOC_SIG = 0x04034b50;
    private static final int MAX_ENTRIES = 10_000_000;

    private final Map<String, Entry> entries;

    private ZipDirectory(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** Entries by name, in central-directory order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** Reads the directory of {@code file}. */
    public static ZipDirectory read(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        int tailLen = (int) Math.min(size, 22 + 65535 + 20);
        ByteBuffer tail = readAt(file, ch, size - tailLen, tailLen);
        int eocd = -1;
        for (int i = tailLen - 22; i >= 0; i--) {
            if (tail.getInt(i) == EOCD_SIG) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new FormatException(file, "zip end-of-central-directory record not found; the file is truncated "
                    + "or not a zip archive");
        }
        long count = tail.getShort(eocd + 10) & 0xFFFF;
        long cenSize = tail.getInt(eocd + 12) & 0xFFFFFFFFL;
        long cenOffset = tail.getInt(eocd + 16) & 0xFFFFFFFFL;
        if (count == 0xFFFF || cenSize == 0xFFFFFFFFL || cenOffset == 0xFFFFFFFFL) {
            int loc = eocd - 20;
            if (loc < 0 || tail.getInt(loc) != ZIP64_LOCATOR_SIG) {
                throw new FormatException(file, "zip64 locator missing; the archive is corrupt");
            }
            long z64 = tail.getLong(loc + 8);
            if (z64 < 0 || z64 + 56 > size) {
                throw new FormatException(file, "zip64 end record offset " + z64 + " is outside the file");
            }
            ByteBuffer rec = readAt(file, ch, z64, 56);
            if (rec.getInt(0) != ZIP64_EOCD_SIG) {
                throw new FormatException(file, "zip64 end record signature missing; the archive is corrupt");
            }
            count = rec.getLong(32);
            cenSize = rec.getLong(40);
            cenOffset = rec.getLong(48);
        }
        if (count < 0 || count > MAX_ENTRIES || cenOffset < 0 || cenSize < 0 || cenOffset + cenSize > size
                || cenSize > Integer.MAX_VALUE) {
            throw new FormatException(file, "zip central directory (" + count + " entries, " + cenSize + " bytes at "
                    + cenOffset + ") does not fit in the file of " + size + " bytes; the file is truncated or corrupt");
        }
        ByteBuffer cen = readAt(file, ch, cenOffset, (int) cenSize);
        Map<String, Entry> out = new LinkedHashMap<>();
        int p = 0;
        for (long i = 0; i < count; i++) {
            if (p + 46 > cen.limit() || cen.getInt(p) != CEN_SIG) {
                throw new FormatException(file, "zip central directory entry " + i + " is corrupt");
            }
            int method = cen.getShort(p + 10) & 0xFFFF;
            int crc = cen.getInt(p + 16);
            long csize = cen.getInt(p + 20) & 0xFFFFFFFFL;
            long usize = cen.getInt(p + 24) & 0xFFFFFFFFL;
            int nameLen = cen.getShort(p + 28) & 0xFFFF;
            int extraLen = cen.getShort(p + 30) & 0xFFFF;
            int commentLen = cen.getShort(p + 32) & 0xFFFF;
            long localOffset = cen.getInt(p + 42) & 0xFFFFFFFFL;
            if (p + 46L + nameLen + extraLen + commentLen > cen.limit()) {
                throw new FormatException(file, "zip central directory entry " + i + " runs past the directory");
            }
            byte[] nameBytes = new byte[nameLen];
            cen.get(p + 46, nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            int e = p + 46 + nameLen;
            int eEnd = e + extraLen;
            while (e + 4 <= eEnd) {
                int id = cen.getShort(e) & 0xFFFF;
                int len = cen.getShort(e + 2) & 0xFFFF;
                int q = e + 4;
                if (q + len > eEnd) {
                    break;
                }
                if (id == 0x0001) {
                    if (usize == 0xFFFFFFFFL && q + 8 <= e + 4 + len) {
                        usize = cen.getLong(q);
                        q += 8;
                    }
                    if (csize == 0xFFFFFFFFL && q + 8 <= e + 4 + len) {
                        csize = cen.getLong(q);
                        q += 8;
                    }
                    if (localOffset == 0xFFFFFFFFL && q + 8 <= e + 4 + len) {
                        localOffset = cen.getLong(q);
                    }
                }
                e += 4 + len;
            }
            if (localOffset < 0 || localOffset + 30 > size) {
                throw new FormatException(file, "zip entry '" + name + "' header offset " + localOffset
                        + " is outside the file; the file is truncated");
            }
            ByteBuffer loc = readAt(file, ch, localOffset, 30);
            if (loc.getInt(0) != LOC_SIG) {
                throw new FormatException(file, "zip entry '" + name + "' has no local header at " + localOffset);
            }
            long dataOffset = localOffset + 30 + (loc.getShort(26) & 0xFFFF) + (loc.getShort(28) & 0xFFFF);
            if (csize < 0 || dataOffset + csize > size) {
                throw new FormatException(file, "zip entry '" + name + "' (" + csize + " bytes at " + dataOffset
                        + ") runs past the end of the file (" + size + " bytes); the file is truncated");
            }
            if (method == 0 && csize != usize) {
                throw new FormatException(file, "stored zip entry '" + name + "' has compressed size " + csize
                        + " but size " + usize);
            }
            if (usize < 0) {
                throw new FormatException(file, "zip entry '" + name + "' declares a negative size; the archive is"
                        + " corrupt");
            }
            out.put(name, new Entry(name, dataOffset, csize, method, usize, crc));
            p += 46 + nameLen + extraLen + commentLen;
        }
        return new ZipDirectory(Collections.unmodifiableMap(out));
    }

    private static ByteBuffer readAt(Path file, FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new FormatException(file, "file ends at byte " + (pos + b.position()) + " inside the zip "
                        + "structures; the file is truncated");
            }
        }
        return b.flip();
    }
}
