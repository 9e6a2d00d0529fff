package dev.hubkit.converters.pytorch;

import dev.hubkit.converters.BackgroundWrites;
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
 * Writes an uncompressed (STORED) zip the way PyTorch's writer (its miniz, torch 2.13) lays it out: each entry's
 * data aligned to 64 bytes with an {@code FB} padding extra field; local headers with versions, time and date 0,
 * flags {@code 0x0808} (data descriptor, UTF-8 names) and CRC and sizes 0, each entry followed by a data descriptor
 * (sizes of 8 bytes for a Zip64 entry); Zip64 extra fields where a size or offset needs them (a Zip64 local header
 * holding the size and a compressed size of 0, or its own offset); always a Zip64 end record and locator.
 * The CRC of each entry is computed while streaming (or beside a kernel copy) and written in its descriptor.
 *
 * <p>An entry whose bytes are copied as they are from a file region is padded further (up to 64 KiB, when
 * that is at most 1/128 of its size) so that its data starts within the first 4 KiB page of a 64 KiB block,
 * at the same place within that page as its source: the kernel copy (sendfile) then moves whole pages in
 * 64 KiB batches that each fill one 64 KiB page-cache folio (measured: about 20-30% less CPU for a 2 GB
 * copy). The data stays 64-aligned when its source is 64-aligned (torch's own alignment); a source at
 * another offset that is a multiple of its element size (a safetensors file's tensors usually are) gives
 * data aligned to its element size, which {@code torch.load} (also with {@code mmap=True}) reads as
 * before. Only the padding differs from {@code torch.save}'s.
 */
final class StoredZipWriter {
    private static final int ALIGN = 64;
    /** Most bytes one extra field can hold (its length is 16 bits, Zip64 fields included). */
    private static final int MAX_EXTRA = 0xFFFF;
    private static final long MAX32 = 0xFFFFFFFFL;

    /** Casts of tensors from this size on that lie raw in a file are done and summed by two threads, one half each. */
    static final long PARALLEL_CRC_MIN = RegionPump.SPLIT_MIN;

    /** An entry written. */
    private record Written(byte[] name, long headerOffset, long size, Future<Integer> crc) {
    }

    private final FileChannel out;
    private final long zip64From;
    private final List<Written> entries = new ArrayList<>();
    private RegionPump pump;
    /** Writes the bands of transposed kernels (created with the first). */
    private BackgroundWrites bands;
    /** Bytes 'Z' for padding fields, grown when an entry needs more. */
    private ByteBuffer zeds;

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
        long header = header(name, bytes.length, -1, 1);
        ChannelCopy.writeFully(out, ByteBuffer.wrap(bytes));
        descriptor(header, bytes.length, (int) crc.getValue());
        entries.add(new Written(name.getBytes(StandardCharsets.UTF_8), header, bytes.length,
                CompletableFuture.completedFuture((int) crc.getValue())));
    }

    /**
     * Adds an entry streaming the bytes of {@code data}. Bytes that lie raw in a file (also under a dtype
     * cast) go through a {@link RegionPump}: uncast ones copied by the kernel while a helper thread sums
     * the source, casts read, cast and summed chunk by chunk while in the cache, large casts in two halves
     * on two threads whose CRCs are combined; other data is summed chunk by chunk as it is written. The
     * CRC goes into the data descriptor after the bytes.
     */
    void add(String name, TensorData data) throws IOException {
        long size = data.byteSize();
        FileRegionData region = RegionPump.rawRegion(data);
        boolean kernelCopied = region != null && RegionPump.samePagePlace() && region.info().dtype() == data.info().dtype()
                && size >= RegionPump.KERNEL_COPY_SUM_MIN;
        long header = header(name, size, kernelCopied ? region.offset() : -1,
                kernelCopied ? data.info().dtype().byteSize() : 1);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        int value;
        if (region != null) {
            if (pump == null) {
                pump = new RegionPump();
            }
            long pos = out.position();
            value = pump.transfer(region, data.info().dtype(), out, pos, RegionPump.Sum.CRC32);
            out.position(pos + size);
        } else if (data instanceof TransposedData transposed) {
            // transposed and summed band by band by the caller and the helper threads, written by a writer thread
            long pos = out.position();
            if (bands == null) {
                bands = TransposedData.backgroundWrites(out);
            }
            value = transposed.writeTo(out, pos, RegionPump.Sum.CRC32, bands); // last bands written meanwhile
            out.position(pos + size);
        } else {
            CRC32 crc = new CRC32();
            ChannelCopy.copy(data, out, crc);
            value = (int) crc.getValue();
        }
        descriptor(header, size, value);
        entries.add(new Written(nameBytes, header, size, CompletableFuture.completedFuture(value)));
    }

    /** Whether an entry of {@code size} bytes whose local header is at {@code header} takes Zip64 fields. */
    private boolean zip64(long header, long size) {
        return size >= zip64From || header >= zip64From;
    }

    /** The data descriptor after an entry's bytes: CRC and sizes, 8 bytes each for a Zip64 entry. */
    private void descriptor(long header, long size, int crc) throws IOException {
        boolean zip64 = zip64(header, size);
        ByteBuffer d = ByteBuffer.allocate(zip64 ? 24 : 16).order(ByteOrder.LITTLE_ENDIAN);
        d.putInt(0x08074b50).putInt(crc);
        if (zip64) {
            d.putLong(size).putLong(size);
        } else {
            d.putInt((int) size).putInt((int) size);
        }
        ChannelCopy.writeFully(out, d.flip());
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
        if (bands != null) {
            bands.close();
            bands = null;
        }
    }

    /**
     * Writes a local header whose data starts 64-aligned, or at {@code sourceOffset}'s place within a page
     * ({@link #padding}); {@code sourceOffset} (or -1): the source offset of bytes to be copied as they are,
     * elements of {@code elementSize} bytes.
     */
    private long header(String name, long size, long sourceOffset, int elementSize) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        long offset = out.position();
        boolean bigSize = size >= zip64From;
        boolean bigOffset = offset >= zip64From;
        int z64Len = bigSize || bigOffset ? 4 + (bigSize ? 16 : 0) + (bigOffset ? 8 : 0) : 0;
        long base = offset + 30 + nameBytes.length + z64Len;
        int padField = padding(base, sourceOffset, elementSize, size, z64Len);
        int fixed = 30 + nameBytes.length + z64Len + Math.min(padField, 4);
        ByteBuffer h = ByteBuffer.allocate(fixed).order(ByteOrder.LITTLE_ENDIAN);
        // version 0, flags: data descriptor + UTF-8, stored, time and date 0, CRC and sizes in the descriptor
        h.putInt(0x04034b50).putShort((short) 0).putShort((short) 0x0808).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0)
                .putInt(0).putInt(0).putInt(0)
                .putShort((short) nameBytes.length).putShort((short) (z64Len + padField)).put(nameBytes);
        if (z64Len > 0) {
            h.putShort((short) 0x0001).putShort((short) (z64Len - 4));
            if (bigSize) {
                h.putLong(size).putLong(0); // torch's miniz leaves the compressed size 0 here
            }
            if (bigOffset) {
                h.putLong(offset);
            }
        }
        if (padField > 0) {
            h.put((byte) 'F').put((byte) 'B').putShort((short) (padField - 4));
        }
        h.flip();
        ChannelCopy.writeFully(out, h);
        if (padField > 4) {
            // the padding's bytes (Z, as torch writes them) from one buffer for the whole file: up to 64 KiB
            // per entry, which a fresh buffer per entry would take as fresh memory each time
            if (zeds == null || zeds.capacity() < padField - 4) {
                zeds = ByteBuffer.allocateDirect(padField - 4 <= ALIGN ? ALIGN : MAX_EXTRA);
                while (zeds.hasRemaining()) {
                    zeds.put((byte) 'Z');
                }
            }
            ChannelCopy.writeFully(out, zeds.clear().limit(padField - 4));
        }
        return offset;
    }

    /**
     * The bytes of {@code FB} extra field (4 + its data, as torch writes it; 0 only for a same-page place) that put
     * an entry's data, which would start at {@code base}, at the next offset aligned to 64 bytes; or, when {@code sourceOffset} is a multiple of
     * {@code elementSize} (64-aligned or not) and the padding stays within 1/128 of {@code size} and the
     * extra field's limit (besides {@code otherExtra} bytes of other fields), at the next offset within the
     * first page of a 64 KiB block that has the same place within its page as {@code sourceOffset} (so also
     * 64-aligned when the source is, and aligned to the element size in any case).
     */
    static int padding(long base, long sourceOffset, int elementSize, long size, int otherExtra) {
        if (sourceOffset >= 0 && elementSize > 0 && sourceOffset % elementSize == 0) {
            long gap = RegionPump.gapToSamePlace(sourceOffset, base);
            if (gap > 0 && gap < 4) {
                gap += RegionPump.BLOCK;
            }
            if (gap + otherExtra <= MAX_EXTRA && gap <= size / 128) {
                return (int) gap;
            }
        }
        // torch always writes the field (its 4 bytes counted before aligning): 64 bytes where none would do
        long gap = Math.floorMod(-base, (long) ALIGN);
        return (int) (gap < 4 ? gap + ALIGN : gap);
    }

    /**
     * Two 64-bit FNV-1a digests of the entries written so far: of their names in sorted order, and of their
     * names, sizes and CRC-32s in write order (waits for CRCs still being summed). The same entries give the
     * same digests, so an output's bytes depend only on its content.
     */
    long[] digests() throws IOException {
        long names = FNV_OFFSET;
        for (String name : entries.stream().map(w -> new String(w.name(), StandardCharsets.UTF_8)).sorted().toList()) {
            names = fnv(names, name.getBytes(StandardCharsets.UTF_8));
        }
        long content = FNV_OFFSET;
        for (Written w : entries) {
            content = fnv(content, w.name());
            content = fnv(content, ByteBuffer.allocate(12).putLong(w.size()).putInt(await(w.crc())).array());
        }
        return new long[] {names, content};
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;

    private static long fnv(long hash, byte[] bytes) {
        long h = hash;
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    /** Writes the central directory and end records. */
    void finish() throws IOException {
        int[] crcs = new int[entries.size()];
        for (int i = 0; i < crcs.length; i++) {
            crcs[i] = await(entries.get(i).crc);
        }
        if (bands != null) {
            bands.flush();
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
            c.putInt(0x02014b50).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0x0808).putShort((short) 0).putShort((short) 0).putShort((short) 0)
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
        // as torch: the Zip64 end record and locator always (made by 0x031e, needed 45), then the classic record
        // with each value that fits
        ByteBuffer end = ByteBuffer.allocate(56 + 20 + 22).order(ByteOrder.LITTLE_ENDIAN);
        end.putInt(0x06064b50).putLong(44).putShort((short) 0x031e).putShort((short) 45).putInt(0).putInt(0)
                .putLong(entries.size()).putLong(entries.size()).putLong(cenSize).putLong(cenStart);
        end.putInt(0x07064b50).putInt(0).putLong(cenEnd).putInt(1);
        int count = (int) Math.min(entries.size(), 0xFFFF);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) count).putShort((short) count)
                .putInt((int) (cenSize >= zip64From ? MAX32 : cenSize))
                .putInt((int) (cenStart >= zip64From ? MAX32 : cenStart)).putShort((short) 0);
        end.flip();
        ChannelCopy.writeFully(out, end);
    }
}
