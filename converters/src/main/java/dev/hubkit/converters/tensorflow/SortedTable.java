package dev.hubkit.converters.tensorflow;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.MappedCrc32c;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads the LevelDB-style sorted string table that a tensor bundle's {@code .index} file is:
 * data blocks of prefix-compressed keys with restart points, an index block pointing at them and a
 * 48-byte footer ending in the magic number; each block carries a type byte (none or snappy) and
 * a masked CRC32C.
 */
public final class SortedTable {
    /** {@code kTableMagicNumber} of {@code tensorflow/core/lib/io/format.h}. */
    public static final long MAGIC = 0xdb4775248b80fb57L;
    /** Footer size: two padded block handles (40 bytes) and the magic. */
    public static final int FOOTER_SIZE = 48;
    static final int TRAILER_SIZE = 5;
    static final int MAX_BLOCK = 256 << 20;

    /**
     * One key and its value. Keys are compared and kept as bytes: a partitioned variable's slice keys hold
     * bytes that are not UTF-8.
     */
    public record Entry(byte[] rawKey, ByteBuffer value) {
        /** The key as UTF-8 text (the tensor name of an ordinary entry). */
        public String key() {
            return new String(rawKey, StandardCharsets.UTF_8);
        }

        /** The key for messages (see {@link #printable}). */
        public String printableKey() {
            return printable(rawKey);
        }
    }

    /** Key bytes for messages: printable ASCII as is, other bytes as {@code \xNN}. */
    static String printable(byte[] key) {
        StringBuilder sb = new StringBuilder();
        for (byte b : key) {
            int c = b & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    private SortedTable() {
    }

    /** Reads every entry of the table in {@code file}, in key order. */
    public static List<Entry> read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < FOOTER_SIZE) {
                throw new FormatException(file, "TensorFlow index is " + size + " bytes, shorter than its "
                        + FOOTER_SIZE + "-byte footer; the file is truncated");
            }
            if (size > Integer.MAX_VALUE) {
                throw new FormatException(file, "TensorFlow index of " + size + " bytes is too large to be an index");
            }
            ByteBuffer all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
            return read(file, all);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    static List<Entry> read(Path file, ByteBuffer all) {
        int size = all.limit();
        long magic = all.getLong(size - 8);
        if (magic != MAGIC) {
            throw new FormatException(file, String.format("bad magic number 0x%016x at the end of the index "
                    + "(expected 0x%016x); this is not a TensorFlow checkpoint index or it is truncated", magic, MAGIC));
        }
        ByteBuffer footer = all.duplicate().position(size - FOOTER_SIZE).limit(size - 8).slice();
        try {
            readHandle(footer); // metaindex: nothing in it is needed
            long[] index = readHandle(footer);
            ByteBuffer indexBlock = block(file, all, index, "index block");
            List<Entry> result = new ArrayList<>();
            Entry last = null;
            for (Entry handleEntry : entries(file, indexBlock, "index block")) {
                long[] h = readHandle(handleEntry.value().duplicate());
                ByteBuffer data = block(file, all, h, "data block at offset " + h[0]);
                for (Entry e : entries(file, data, "data block at offset " + h[0])) {
                    if (last != null && java.util.Arrays.compareUnsigned(e.rawKey(), last.rawKey()) <= 0) {
                        throw new FormatException(file, "index keys out of order: '" + e.printableKey() + "' after '"
                                + last.printableKey() + "'; the index is corrupt");
                    }
                    last = e;
                    result.add(e);
                }
            }
            return result;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new FormatException(file, "malformed TensorFlow index: " + e.getMessage()
                    + "; the file is corrupt or truncated", e);
        }
    }

    private static long[] readHandle(ByteBuffer b) {
        return new long[] {varint(b), varint(b)};
    }

    private static ByteBuffer block(Path file, ByteBuffer all, long[] handle, String what) {
        long offset = handle[0];
        long length = handle[1];
        if (offset < 0 || length < 0 || length > MAX_BLOCK || offset + length + TRAILER_SIZE > all.limit() - FOOTER_SIZE) {
            throw new FormatException(file, what + " (offset " + offset + ", " + length
                    + " bytes) lies outside the index file of " + all.limit() + " bytes; the file is truncated or corrupt");
        }
        ByteBuffer contents = all.duplicate().position((int) offset).limit((int) (offset + length)).slice();
        int type = all.get((int) (offset + length)) & 0xFF;
        int stored = all.getInt((int) (offset + length + 1));
        CRC32C crc = new CRC32C();
        MappedCrc32c.update(crc, all, (int) offset, (int) (offset + length)); // not summed in place: see MappedCrc32c
        crc.update(type);
        int actual = MaskedCrc.mask((int) crc.getValue());
        if (actual != stored) {
            throw new FormatException(file, String.format("CRC mismatch in %s: stored 0x%08x, computed 0x%08x; "
                    + "the index is corrupt", what, stored, actual));
        }
        return switch (type) {
            case 0 -> contents.order(ByteOrder.LITTLE_ENDIAN);
            case 1 -> ByteBuffer.wrap(Snappy.decompress(contents, MAX_BLOCK)).order(ByteOrder.LITTLE_ENDIAN);
            default -> throw new FormatException(file, what + " uses compression type " + type
                    + ", which is not supported (0 = none, 1 = snappy)");
        };
    }

    private static List<Entry> entries(Path file, ByteBuffer block, String what) {
        int size = block.limit();
        if (size < 4) {
            throw new FormatException(file, what + " is " + size + " bytes, too short for its restart count");
        }
        long restarts = block.getInt(size - 4) & 0xFFFFFFFFL;
        long restartBytes = (restarts + 1) * 4;
        if (restartBytes > size) {
            throw new FormatException(file, what + " claims " + restarts + " restart points, more than fit in "
                    + size + " bytes");
        }
        ByteBuffer b = block.duplicate().limit((int) (size - restartBytes));
        List<Entry> out = new ArrayList<>();
        byte[] prev = new byte[0];
        while (b.hasRemaining()) {
            long shared = varint(b);
            long unshared = varint(b);
            long valueLen = varint(b);
            if (shared > prev.length || unshared > b.remaining() || valueLen > b.remaining() - unshared) {
                throw new FormatException(file, what + ": entry after key '" + printable(prev)
                        + "' has inconsistent lengths (shared " + shared + ", unshared " + unshared + ", value "
                        + valueLen + "); the index is corrupt");
            }
            byte[] key = new byte[(int) (shared + unshared)];
            System.arraycopy(prev, 0, key, 0, (int) shared);
            b.get(key, (int) shared, (int) unshared);
            ByteBuffer value = b.slice().limit((int) valueLen).order(ByteOrder.LITTLE_ENDIAN);
            b.position(b.position() + (int) valueLen);
            out.add(new Entry(key, value));
            prev = key;
        }
        return out;
    }

    static long varint(ByteBuffer b) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!b.hasRemaining()) {
                throw new IllegalArgumentException("varint runs past the end of its block");
            }
            byte x = b.get();
            result |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }
}
