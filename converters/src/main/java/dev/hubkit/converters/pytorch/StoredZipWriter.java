package dev.hubkit.converters.pytorch;

import dev.hubkit.converters.ChannelCopy;
import dev.hubkit.converters.FileRegionData;
import dev.hubkit.converters.RegionPump;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.Workers;
import dev.hubkit.converters.mapping.TransposedData;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.zip.CRC32;

/**
 * Writes an uncompressed (STORED) zip the way PyTorch's writer lays it out: each entry's data aligned
 * to 64 bytes with an {@code FB} padding extra field, Zip64 records when sizes or offsets need them.
 * The CRC of each entry is computed while streaming (or beside a kernel copy) and patched into its
 * local header.
 */
final class StoredZipWriter {
    private static final int ALIGN = 64;
    private static final long MAX32 = 0xFFFFFFFFL;

    /** Casts of tensors from this size on that lie raw in a file are done and summed by two threads, one half each. */
    static final long PARALLEL_CRC_MIN = RegionPump.SPLIT_MIN;

    /** An entry written; {@code patched} when the CRC is already in its local header. */
    private record Written(byte[] name, long headerOffset, long size, Future<Integer> crc, boolean patched) {
    }

    private final FileChannel out;
    private final long zip64From;
    private final List<Written> entries = new ArrayList<>();
    private RegionPump pump;

    StoredZipWriter(FileChannel out) {
        this(out, MAX32);
    }

    /** {@code zip64From}: sizes and offsets from this value on use Zip64 fields (tests lower it). */
    StoredZipWriter(FileChannel out, long zip64From) {
        this.out = out;
        this.zip64From = Math.min(zip64From, MAX32);
    }

    /** Adds an entry holding {@code bytes}. */
    void add(String name, byte[] bytes) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        long header = header(name, bytes.length, (int) crc.getValue());
        ChannelCopy.writeFully(out, ByteBuffer.wrap(bytes));
        entries.add(new Written(name.getBytes(StandardCharsets.UTF_8), header, bytes.length,
                CompletableFuture.completedFuture((int) crc.getValue()), true));
    }

    /**
     * Adds an entry streaming the bytes of {@code data}. Bytes that lie raw in a file (also under a dtype
     * cast) go through a {@link RegionPump}: uncast ones copied by the kernel while a helper thread sums
     * the source, casts read, cast and summed chunk by chunk while in the cache, large casts in two halves
     * on two threads whose CRCs are combined; other data is summed chunk by chunk as it is written. The
     * CRC is patched into the local header.
     */
    void add(String name, TensorData data) throws IOException {
        long size = data.byteSize();
        long header = header(name, size, 0);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        int value;
        FileRegionData region = RegionPump.rawRegion(data);
        if (region != null) {
            if (pump == null) {
                pump = new RegionPump();
            }
            long pos = out.position();
            value = pump.transfer(region, data.info().dtype(), out, pos, RegionPump.Sum.CRC32);
            out.position(pos + size);
        } else if (data instanceof TransposedData transposed) {
            // transposed, summed and written band by band by the caller and the helper threads
            long pos = out.position();
            value = transposed.writeTo(out, pos, RegionPump.Sum.CRC32);
            out.position(pos + size);
        } else {
            CRC32 crc = new CRC32();
            ChannelCopy.copy(data, out, crc);
            value = (int) crc.getValue();
        }
        patchCrc(header, value);
        entries.add(new Written(nameBytes, header, size, CompletableFuture.completedFuture(value), true));
    }

    private void patchCrc(long header, int value) throws IOException {
        ByteBuffer crcBuf = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value);
        while (crcBuf.hasRemaining()) {
            out.write(crcBuf, header + 14 + crcBuf.position());
        }
    }

    private static int await(Future<Integer> crc) throws IOException {
        try {
            return crc.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while summing a zip entry");
        } catch (ExecutionException e) {
            throw Workers.rethrow(e);
        }
    }

    /** Releases the copy pump; call when done with the writer. */
    void close() {
        if (pump != null) {
            pump.close();
            pump = null;
        }
    }

    private long header(String name, long size, int crc) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        long offset = out.position();
        boolean zip64 = size >= zip64From;
        int z64Len = zip64 ? 20 : 0;
        long base = offset + 30 + nameBytes.length + z64Len;
        int padField = 0;
        if (base % ALIGN != 0) {
            padField = 4 + (int) Math.floorMod(-(base + 4), (long) ALIGN);
        }
        ByteBuffer h = ByteBuffer.allocate(30 + nameBytes.length + z64Len + padField).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x04034b50).putShort((short) (zip64 ? 45 : 20)).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0x21) // time 0, date 1980-01-01
                .putInt(crc)
                .putInt((int) (zip64 ? MAX32 : size)).putInt((int) (zip64 ? MAX32 : size))
                .putShort((short) nameBytes.length).putShort((short) (z64Len + padField)).put(nameBytes);
        if (zip64) {
            h.putShort((short) 0x0001).putShort((short) 16).putLong(size).putLong(size);
        }
        if (padField > 0) {
            h.put((byte) 'F').put((byte) 'B').putShort((short) (padField - 4));
            for (int i = 4; i < padField; i++) {
                h.put((byte) 'Z');
            }
        }
        h.flip();
        ChannelCopy.writeFully(out, h);
        return offset;
    }

    /** Writes the central directory and end records. */
    void finish() throws IOException {
        int[] crcs = new int[entries.size()];
        for (int i = 0; i < crcs.length; i++) {
            Written w = entries.get(i);
            crcs[i] = await(w.crc);
            if (!w.patched) {
                patchCrc(w.headerOffset, crcs[i]);
            }
        }
        close();
        long cenStart = out.position();
        for (int i = 0; i < crcs.length; i++) {
            Written w = entries.get(i);
            boolean bigSize = w.size >= zip64From;
            boolean bigOffset = w.headerOffset >= zip64From;
            int z64Len = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
            int extraLen = z64Len > 0 ? 4 + z64Len : 0;
            ByteBuffer c = ByteBuffer.allocate(46 + w.name.length + extraLen).order(ByteOrder.LITTLE_ENDIAN);
            c.putInt(0x02014b50).putShort((short) (z64Len > 0 ? 45 : 20)).putShort((short) (z64Len > 0 ? 45 : 20))
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0x21)
                    .putInt(crcs[i])
                    .putInt((int) (bigSize ? MAX32 : w.size)).putInt((int) (bigSize ? MAX32 : w.size))
                    .putShort((short) w.name.length).putShort((short) extraLen).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0)
                    .putInt((int) (bigOffset ? MAX32 : w.headerOffset)).put(w.name);
            if (z64Len > 0) {
                c.putShort((short) 1).putShort((short) z64Len);
                if (bigSize) {
                    c.putLong(w.size).putLong(w.size);
                }
                if (bigOffset) {
                    c.putLong(w.headerOffset);
                }
            }
            c.flip();
            ChannelCopy.writeFully(out, c);
        }
        long cenEnd = out.position();
        long cenSize = cenEnd - cenStart;
        boolean zip64 = entries.size() >= 0xFFFF || cenStart >= zip64From || cenSize >= zip64From;
        ByteBuffer end = ByteBuffer.allocate(56 + 20 + 22).order(ByteOrder.LITTLE_ENDIAN);
        if (zip64) {
            end.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                    .putLong(entries.size()).putLong(entries.size()).putLong(cenSize).putLong(cenStart);
            end.putInt(0x07064b50).putInt(0).putLong(cenEnd).putInt(1);
        }
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) (zip64 ? 0xFFFF : entries.size())).putShort((short) (zip64 ? 0xFFFF : entries.size()))
                .putInt((int) (zip64 ? MAX32 : cenSize)).putInt((int) (zip64 ? MAX32 : cenStart)).putShort((short) 0);
        end.flip();
        ChannelCopy.writeFully(out, end);
    }
}
