package dev.hubkit.converters;

import dev.hubkit.converters.cast.ChunkCaster;
import dev.hubkit.core.tensor.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * Copies a tensor that lies raw (little-endian, contiguous) in a file into an output file at a given
 * offset, optionally casting it (F32/F16/BF16) and checksumming the bytes written (CRC-32 for zip
 * entries, CRC-32C for TensorFlow bundles).
 *
 * <p>Uncast copies go kernel to kernel ({@link FileChannel#transferTo}, sendfile), as fast as {@code cp}
 * when the destination starts at the same place within a 4 KiB page as the source, in the first page of
 * a 64 KiB block ({@link #samePlace}; the writers pad for it where their format allows): after a first
 * partial page, the kernel moves 16 whole source pages per batch, which then fill one whole 64 KiB
 * page-cache folio of the destination. At other offsets its batches straddle the destination's pages and
 * folios and cost more CPU (measured on 2 GB in one JVM, rounds interleaved: 0.45 s of the copying
 * thread's CPU at the same place against 0.63 s at torch's plain 64-byte offsets); the kernel copy is
 * still used there: a {@code FileChannel.write} from a {@code MappedByteBuffer} of the source took two to
 * five times as long (page faults), and positional reads and writes through a 256 KiB buffer, the writes
 * at 256 KiB boundaries of the output, saved about 13% CPU in a copy loop but, in whole conversions taking
 * turns with the kernel copy, gave no clear gain on this project's test machine (a few runs several times
 * slower). When a checksum is asked for, a helper thread sums the same source bytes meanwhile with
 * positional reads into a reused direct buffer (small regions, under {@link #KERNEL_COPY_SUM_MIN}, are read, summed
 * and written in one pass instead). Casts read a 256 KiB chunk with a positional read, cast and sum it
 * while it is in the cache, and write it with a positional write; casts of regions from
 * {@link #SPLIT_MIN} on are split in two halves done by two threads at once, their checksums combined
 * with {@link CrcMath}. Memory-mapped reads are avoided: measured several times slower than positional
 * ones (page faults). Memory: two 256 KiB buffers per thread. Not thread-safe (one caller at a time,
 * and no other user of the output channel's position meanwhile); the second thread comes from
 * {@link Workers}.
 */
public final class RegionPump implements AutoCloseable {
    /** Which checksum of the written bytes to compute. */
    public enum Sum {
        /** None. */
        NONE,
        /** CRC-32 (zip). */
        CRC32,
        /** CRC-32C (TensorFlow tensor bundles). */
        CRC32C;

        /** A fresh checksum of this kind, or null for {@link #NONE}. */
        public Checksum newChecksum() {
            return switch (this) {
                case NONE -> null;
                case CRC32 -> new CRC32();
                case CRC32C -> new CRC32C();
            };
        }

        /**
         * The checksum of bytes A followed by bytes B ({@code lengthB} of them) from the checksums of each
         * ({@link CrcMath#combine}); 0 for {@link #NONE}.
         */
        public int combine(int crcA, int crcB, long lengthB) {
            return switch (this) {
                case NONE -> 0;
                case CRC32 -> CrcMath.combine(CrcMath.CRC32, crcA, crcB, lengthB);
                case CRC32C -> CrcMath.combine(CrcMath.CRC32C, crcA, crcB, lengthB);
            };
        }
    }

    /**
     * Casts of regions from this size on are split between two threads (when the machine has two cores).
     * Plain copies stay on one thread: measured, two threads writing one file spend more CPU (the file's
     * write lock) for no shorter wall time, while a cast has enough work per byte to gain from the split.
     */
    public static final long SPLIT_MIN = 4L << 20;

    /**
     * Uncast copies with a checksum from this size on are copied by the kernel while a helper thread sums
     * the source; smaller ones take the one-pass path (no hand-off to another thread).
     */
    public static final long KERNEL_COPY_SUM_MIN = 1L << 20;

    /**
     * Whether writers put bytes copied as they are at the same place within a 4 KiB page as in their source
     * (padding their headers for it), so the kernel copy moves whole pages: true unless the system property
     * {@code hubkit.copy.samePagePlace} is {@code false} (the plain layout, kept for A/B measurements). Read
     * on every call.
     */
    public static boolean samePagePlace() {
        return !"false".equals(System.getProperty("hubkit.copy.samePagePlace"));
    }

    /** The page size. */
    public static final int PAGE = 4096;

    /** The batch the kernel copy moves (16 pages), and the large page-cache folio it then fills. */
    public static final int BLOCK = 64 << 10;

    /**
     * Whether a kernel copy from {@code srcOffset} to {@code dstOffset} moves whole pages into whole 64 KiB
     * folios: the same place within a page, the destination in a 64 KiB block's first page.
     */
    public static boolean samePlace(long srcOffset, long dstOffset) {
        return Math.floorMod(dstOffset, (long) BLOCK) == Math.floorMod(srcOffset, (long) PAGE);
    }

    /**
     * How many bytes (0 to {@link #BLOCK} - 1) to put before {@code dstOffset} so that data starting there is at
     * {@code srcOffset}'s place ({@link #samePlace}): what a writer pads by.
     */
    public static long gapToSamePlace(long srcOffset, long dstOffset) {
        return Math.floorMod(Math.floorMod(srcOffset, (long) PAGE) - dstOffset, (long) BLOCK);
    }

    private final Lane own = new Lane();
    private Lane helperLane;

    /** A pump with its own buffers. */
    public RegionPump() {
    }

    /**
     * The raw little-endian file region {@code data} reads, directly, under another name or through one
     * dtype cast (its dtype then differs from the region's); null when its bytes are computed otherwise.
     */
    public static FileRegionData rawRegion(TensorData data) {
        TensorData d = data;
        boolean cast = false;
        while (true) {
            if (d instanceof dev.hubkit.converters.cast.CastData c && !cast) {
                d = c.source();
                cast = true;
            } else if (d instanceof dev.hubkit.converters.mapping.RenamedData r) {
                d = r.source();
            } else {
                break;
            }
        }
        return d instanceof FileRegionData region && region.rawLittleEndian() ? region : null;
    }

    /**
     * Writes the bytes of {@code src}, cast to {@code to} when that differs from its dtype (null: as they
     * are), into {@code out} from byte {@code outPos}. {@code out}'s position is the same on return as on
     * entry (an uncast copy moves it during the call: the kernel copy writes at the channel's position).
     *
     * @return the checksum of the bytes written ({@code 0} for {@link Sum#NONE})
     */
    public int transfer(FileRegionData src, DType to, FileChannel out, long outPos, Sum sum) throws IOException {
        DType from = src.info().dtype();
        DType target = to == null ? from : to;
        int inElem = from.byteSize();
        int outElem = target.byteSize();
        long elements = src.byteSize() / inElem;
        if (from != target && !dev.hubkit.converters.cast.CastData.supports(from, target)) {
            throw new IllegalArgumentException("no cast from " + from + " to " + target);
        }
        if (from == target && (sum == Sum.NONE || Workers.PARALLEL && src.byteSize() >= KERNEL_COPY_SUM_MIN)) {
            return kernelCopy(src, out, outPos, sum);
        }
        if (from == target || !Workers.PARALLEL || src.byteSize() < SPLIT_MIN) {
            return own.run(src, 0, elements, from, target, out, outPos, sum);
        }
        long half = elements / 2;
        // round the split to whole chunks so both halves read aligned chunks
        long perChunk = TensorData.CHUNK_SIZE / Math.max(inElem, outElem);
        half = Math.max(perChunk, half / perChunk * perChunk);
        long split = half;
        Lane lane = helperLane();
        Workers.Pair<Integer> crcs = Workers.both(
                () -> own.run(src, 0, split, from, target, out, outPos, sum),
                () -> lane.run(src, split, elements, from, target, out, outPos + split * outElem, sum));
        return sum.combine(crcs.first(), crcs.second(), (elements - split) * outElem);
    }

    /**
     * Copies {@code src} raw with {@link FileChannel#transferTo} (sendfile) on this thread; when a checksum
     * is asked for, a helper thread reads and sums the same source bytes at the same time.
     */
    private int kernelCopy(FileRegionData src, FileChannel out, long outPos, Sum sum) throws IOException {
        if (sum == Sum.NONE) {
            transferAll(src, out, outPos);
            return 0;
        }
        Lane lane = helperLane();
        Workers.Pair<Integer> r = Workers.both(() -> {
            transferAll(src, out, outPos);
            return 0;
        }, () -> lane.sum(src, sum));
        return r.second();
    }

    /** All bytes of {@code src} into {@code out} from {@code outPos}, kernel to kernel; restores out's position. */
    private static void transferAll(FileRegionData src, FileChannel out, long outPos) throws IOException {
        long size = src.byteSize();
        long saved = out.position();
        out.position(outPos);
        try {
            long done = 0;
            while (done < size) {
                long n = src.channel().transferTo(src.offset() + done, size - done, out);
                if (n <= 0) {
                    throw truncated(src, src.offset() + done);
                }
                done += n;
            }
        } finally {
            out.position(saved);
        }
    }

    private static FormatException truncated(FileRegionData src, long at) {
        return SourceChanged.cutShort(src.file(), src.info().name(), at);
    }

    private Lane helperLane() {
        if (helperLane == null) {
            helperLane = new Lane();
        }
        return helperLane;
    }

    /** Releases nothing today (the helper threads are shared); kept so writers can scope a pump. */
    @Override
    public void close() {
    }

    /** One thread's buffers. */
    private static final class Lane {
        private final ByteBuffer in = ByteBuffer.allocateDirect(TensorData.CHUNK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        private ByteBuffer castOut;
        private ChunkCaster caster;

        /** The checksum of all of src's bytes, read chunk by chunk with positional reads. */
        int sum(FileRegionData src, Sum sum) throws IOException {
            Checksum crc = sum.newChecksum();
            long pos = src.offset();
            long end = pos + src.byteSize();
            while (pos < end) {
                pos += sumChunk(src, pos, (int) Math.min(TensorData.CHUNK_SIZE, end - pos), crc);
            }
            return (int) crc.getValue();
        }

        /**
         * Reads {@code bytes} at {@code pos} and adds them to {@code crc}. A method of its own, called once
         * per chunk, so the JIT compiles it after a few hundred chunks. A loop over one region's chunks
         * runs a few hundred iterations per call (128 for a 32 MiB half of a tensor), too few for the JIT's
         * thresholds: with the chunk's work inlined in it, it ran interpreted through a whole first
         * conversion of a 2 GB checkpoint (seen with {@code -XX:+PrintCompilation}).
         */
        private int sumChunk(FileRegionData src, long pos, int bytes, Checksum crc) throws IOException {
            crc.update(readChunk(src, pos, bytes));
            return bytes;
        }

        /** Reads {@code bytes} of {@code src} at {@code pos} into {@link #in}, flipped for reading. */
        private ByteBuffer readChunk(FileRegionData src, long pos, int bytes) throws IOException {
            in.clear().limit(bytes);
            while (in.hasRemaining()) {
                if (src.channel().read(in, pos + in.position()) < 0) {
                    throw truncated(src, pos + in.position());
                }
            }
            return in.flip();
        }

        /** Elements [first, end) of src → out from outPos; returns the checksum of the bytes written. */
        int run(FileRegionData src, long first, long end, DType from, DType to, FileChannel out, long outPos, Sum sum)
                throws IOException {
            Checksum crc = sum.newChecksum();
            int inElem = from.byteSize();
            int outElem = to.byteSize();
            boolean cast = from != to;
            if (cast && (caster == null || caster.from() != from || caster.to() != to)) {
                caster = new ChunkCaster(from, to);
                if (castOut == null) {
                    castOut = ByteBuffer.allocateDirect(TensorData.CHUNK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                }
            }
            int perChunk = TensorData.CHUNK_SIZE / Math.max(inElem, outElem);
            long readPos = src.offset() + first * inElem;
            long writePos = outPos;
            for (long e = first; e < end; ) {
                int n = (int) Math.min(perChunk, end - e);
                chunk(src, readPos, n, inElem, outElem, cast, out, writePos, crc);
                readPos += (long) n * inElem;
                writePos += (long) n * outElem;
                e += n;
            }
            return crc == null ? 0 : (int) crc.getValue();
        }

        /**
         * One chunk: {@code n} elements read at {@code readPos}, cast when asked, summed, written at
         * {@code writePos}. Called once per chunk so that it is JIT-compiled early (see {@link #sumChunk}).
         */
        private void chunk(FileRegionData src, long readPos, int n, int inElem, int outElem, boolean cast,
                           FileChannel out, long writePos, Checksum crc) throws IOException {
            ByteBuffer w = readChunk(src, readPos, n * inElem);
            if (cast) {
                caster.convert(w, castOut, n);
                w = castOut.clear().limit(n * outElem);
            }
            if (crc != null) {
                crc.update(w.duplicate());
            }
            long pos = writePos;
            while (w.hasRemaining()) {
                pos += out.write(w, pos);
            }
        }
    }
}
