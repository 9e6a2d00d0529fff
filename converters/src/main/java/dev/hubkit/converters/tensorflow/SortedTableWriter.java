package dev.hubkit.converters.tensorflow;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Builds a LevelDB-style sorted table in memory (tensor bundle indexes hold one small entry per
 * tensor): uncompressed data blocks with prefix-compressed keys and a restart point every 16 keys,
 * an empty metaindex block, an index block and the footer.
 */
public final class SortedTableWriter {
    private static final int RESTART_INTERVAL = 16;
    private static final int BLOCK_SIZE = 256 << 10;

    private final ByteArrayOutputStream file = new ByteArrayOutputStream();
    private final BlockBuilder data = new BlockBuilder();
    private final BlockBuilder index = new BlockBuilder();
    private byte[] lastKey;
    private final java.util.function.UnaryOperator<byte[]> snappy;

    /** A writer of uncompressed blocks (what TensorFlow's bundle writer produces). */
    public SortedTableWriter() {
        this(null);
    }

    /** A writer that stores data blocks through {@code snappyCompressor} (block type 1); for tests of readers. */
    SortedTableWriter(java.util.function.UnaryOperator<byte[]> snappyCompressor) {
        this.snappy = snappyCompressor;
    }

    /** Adds an entry; keys must come in strictly increasing (unsigned byte) order. */
    public SortedTableWriter add(String key, byte[] value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        if (lastKey != null && compare(k, lastKey) <= 0) {
            throw new IllegalArgumentException("table keys must be strictly increasing: '" + key + "' after '"
                    + new String(lastKey, StandardCharsets.UTF_8) + "'");
        }
        data.add(k, value);
        lastKey = k;
        if (data.size() >= BLOCK_SIZE) {
            flush();
        }
        return this;
    }

    /** The complete table file. */
    public byte[] finish() {
        flush();
        long[] meta = writeBlock(new BlockBuilder().finish());
        long[] idx = writeBlock(index.finish());
        ByteArrayOutputStream footer = new ByteArrayOutputStream();
        putVarint(footer, meta[0]);
        putVarint(footer, meta[1]);
        putVarint(footer, idx[0]);
        putVarint(footer, idx[1]);
        while (footer.size() < SortedTable.FOOTER_SIZE - 8) {
            footer.write(0);
        }
        ByteBuffer magic = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(SortedTable.MAGIC);
        footer.writeBytes(magic.array());
        file.writeBytes(footer.toByteArray());
        return file.toByteArray();
    }

    private void flush() {
        if (data.isEmpty()) {
            return;
        }
        long[] handle = snappy == null ? writeBlock(data.finish()) : writeBlock(snappy.apply(data.finish()), 1);
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        putVarint(h, handle[0]);
        putVarint(h, handle[1]);
        index.add(lastKey, h.toByteArray());
        data.reset();
    }

    private long[] writeBlock(byte[] contents) {
        return writeBlock(contents, 0);
    }

    private long[] writeBlock(byte[] contents, int type) {
        long offset = file.size();
        file.writeBytes(contents);
        CRC32C crc = new CRC32C();
        crc.update(contents);
        crc.update(type);
        file.write(type);
        int masked = MaskedCrc.mask((int) crc.getValue());
        file.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(masked).array());
        return new long[] {offset, contents.length};
    }

    static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }

    static void putVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** One block: entries then the restart array and its length. */
    private static final class BlockBuilder {
        private ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final List<Integer> restarts = new ArrayList<>(List.of(0));
        private byte[] prev = new byte[0];
        private int counter;
        private boolean empty = true;

        void add(byte[] key, byte[] value) {
            int shared = 0;
            if (counter < RESTART_INTERVAL) {
                int max = Math.min(prev.length, key.length);
                while (shared < max && prev[shared] == key[shared]) {
                    shared++;
                }
            } else {
                restarts.add(buf.size());
                counter = 0;
            }
            putVarint(buf, shared);
            putVarint(buf, key.length - shared);
            putVarint(buf, value.length);
            buf.write(key, shared, key.length - shared);
            buf.writeBytes(value);
            prev = key;
            counter++;
            empty = false;
        }

        boolean isEmpty() {
            return empty;
        }

        int size() {
            return buf.size() + restarts.size() * 4 + 4;
        }

        byte[] finish() {
            ByteBuffer tail = ByteBuffer.allocate(restarts.size() * 4 + 4).order(ByteOrder.LITTLE_ENDIAN);
            restarts.forEach(tail::putInt);
            tail.putInt(restarts.size());
            buf.writeBytes(tail.array());
            return buf.toByteArray();
        }

        void reset() {
            buf = new ByteArrayOutputStream();
            restarts.clear();
            restarts.add(0);
            prev = new byte[0];
            counter = 0;
            empty = true;
        }
    }
}
