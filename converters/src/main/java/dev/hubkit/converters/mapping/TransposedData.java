package dev.hubkit.converters.mapping;

import dev.hubkit.converters.BackgroundWrites;
import dev.hubkit.converters.ChunkBuffers;
import dev.hubkit.converters.CrcMath;
import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.MappedCrc32c;
import dev.hubkit.converters.MappedRegions;
import dev.hubkit.converters.SourceChanged;
import dev.hubkit.converters.RegionPump;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.Workers;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * A 2-D tensor transposed on the fly (dense kernels are {@code [out, in]} in PyTorch and {@code [in, out]}
 * in TensorFlow). Memory stays bounded whatever the size: a kernel of up to {@value #STAGE_LIMIT_MIB} MiB is
 * fetched whole into a reused direct buffer (one positional read when the source allows it), a larger one
 * one band of columns at a time (a large kernel staged whole is read, and any stored CRC-32C checked, in
 * two halves by two threads). Kernels linked by {@link #chain} read the next one ahead (up to
 * {@value #PREFETCH_LIMIT_MIB} MiB, into a second buffer) while one is transposed. Output rows are
 * produced into 1 MiB bands straight from the staged bytes (a few source rows at a time gathered into an
 * L1 tile; no copy of the whole stage into an array), by helper threads for large kernels (one per core)
 * while the caller checksums and writes the bands already done, and handed out in order in chunks of at
 * most {@link #CHUNK_SIZE}. {@link #transferTo} and {@link #writeTo} write to a file instead: every thread
 * transposes and sums bands and a {@link BackgroundWrites} thread writes each where it goes; they return
 * the CRC-32C (or the checksum asked for).
 *
 * <p>A large kernel (from 4 MiB, up to {@value #STAGE_LIMIT_MIB} MiB) stored little-endian in a file is not
 * staged at all: it is transposed straight from a memory map of its file, that is from the page cache (a
 * stored CRC-32C checked first, in two halves by two threads), and unmapped when done, so a conversion
 * neither copies it nor touches fresh memory for it. The system property
 * {@code hubkit.transpose.mapped=false} stages it as above instead.
 */
public final class TransposedData implements TensorData {
    static final int STAGE_LIMIT_MIB = 64;
    static final int PREFETCH_LIMIT_MIB = 32;
    /** Kernels that found their bytes read ahead (for tests). */
    static final AtomicLong READ_AHEAD = new AtomicLong();
    /** Stage buffers the {@link StagePool} has made (for tests). */
    static final AtomicLong POOL_BUFFERS_MADE = new AtomicLong();
    private static final long PREFETCH_LIMIT = (long) PREFETCH_LIMIT_MIB << 20;
    /** Most source bytes held at once. */
    static final long STAGE_LIMIT = (long) STAGE_LIMIT_MIB << 20;
    /** Output bytes produced per band. */
    static final int BAND_BYTES = 1 << 20;
    /** Kernels from this size on are transposed on a helper thread while the caller consumes earlier bands. */
    private static final long PIPELINE_MIN = 4L << 20;
    /** Helper threads transposing bands in parallel (one per core, at most 4). */
    private static final int WORKERS = Math.min(4, Runtime.getRuntime().availableProcessors());
    /** Output bands in flight between the helper threads and the caller. */
    private static final int DEPTH = 2 * WORKERS + 1;
    private static final boolean MAPPED = !"false".equals(System.getProperty("hubkit.transpose.mapped"));
    /** Kernels transposed straight from a memory map of their file (for tests). */
    static final AtomicLong MAPPED_KERNELS = new AtomicLong();
    private static final boolean PIPELINE = !"false".equals(System.getProperty("hubkit.transpose.pipeline"));
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /**
     * Tile buffers kept between transposes: helper threads live for one task each ({@link Workers#submit}), so a
     * thread-local set would be made afresh (with its band-sized scratch arrays) for every block.
     */
    private static final ConcurrentLinkedQueue<TransposeKernels.Tiles> SPARE_TILES = new ConcurrentLinkedQueue<>();
    private static final int MAX_SPARE_TILES = 8;

    private final TensorData source;
    private final TensorInfo info;
    /** The kernel a writer reads after this one ({@link #chain}), read ahead while this one is transposed. */
    private TransposedData next;
    /** This kernel's bytes being read ahead into a {@link StagePool} buffer, or null. */
    private Future<ByteBuffer> prefetched;
    /**
     * The size of the {@link StagePool} buffers this kernel takes: the largest kernel of its {@link #chain}
     * that is read ahead, so that one pair of buffers serves the whole chain (each fresh buffer costs page
     * faults, and a process's first touch of memory is slow: see {@link StagePool}).
     */
    private long poolBytes;
    private final long stageLimit;
    private final int bandBytes;
    private final long parallelFrom;
    private final boolean mapSource;

    /** Transposes {@code source} (rank 2) and renames it {@code name}. */
    public TransposedData(TensorData source, String name) {
        this(source, name, STAGE_LIMIT, BAND_BYTES, PIPELINE && WORKERS > 1 ? PIPELINE_MIN : Long.MAX_VALUE, MAPPED);
    }

    /** As {@link #TransposedData(TensorData, String, long, int, long, boolean)}, staging the source in memory. */
    TransposedData(TensorData source, String name, long stageLimit, int bandBytes, long parallelFrom) {
        this(source, name, stageLimit, bandBytes, parallelFrom, false);
    }

    /**
     * With chosen memory bounds, so tests can drive the banded paths with small tensors; tensors of
     * {@code parallelFrom} bytes and more are transposed by the helper threads. With {@code mapSource}, a
     * kernel read whole from a file that can be memory-mapped is transposed from the map (the page cache)
     * instead of being read into a stage buffer first.
     */
    TransposedData(TensorData source, String name, long stageLimit, int bandBytes, long parallelFrom,
                   boolean mapSource) {
        long[] s = source.info().shape();
        if (s.length != 2) {
            throw new FormatException("tensor '" + source.info().name() + "' has shape " + java.util.Arrays.toString(s)
                    + " but a dense kernel must be 2-D to be transposed; check --arch");
        }
        if (s[0] > Integer.MAX_VALUE || s[1] > Integer.MAX_VALUE) {
            throw new FormatException("tensor '" + source.info().name() + "' has shape " + java.util.Arrays.toString(s)
                    + "; dimensions above 2^31 cannot be transposed");
        }
        this.source = source;
        this.info = new TensorInfo(name, source.info().dtype(), new long[] {s[1], s[0]});
        int e = info.dtype().byteSize();
        this.stageLimit = Math.max(e, stageLimit / e * e);
        this.bandBytes = Math.max(e, bandBytes / TransposeKernels.LINE * TransposeKernels.LINE);
        this.parallelFrom = parallelFrom;
        this.mapSource = mapSource;
    }

    @Override
    public TensorInfo info() {
        return info;
    }

    @Override
    public void read(ChunkSink sink) throws IOException {
        if (byteSize() == 0) {
            return;
        }
        if (source instanceof TransposedData inner) {
            inner.source.read(sink); // a transpose of a transpose (TF -> PyTorch view -> TF) is the stored bytes
            return;
        }
        Scratch scratch = SCRATCH.get();
        if (scratch.busy) {
            scratch = new Scratch(); // a transpose whose source reads through another transpose on this thread
        }
        scratch.busy = true;
        try {
            read(scratch, sink);
        } finally {
            scratch.busy = false;
        }
    }

    /**
     * Writes the transposed bytes to {@code channel} from {@code position} on and returns their CRC-32C
     * (unmasked), as {@link #writeTo(FileChannel, long, RegionPump.Sum)}. With the system property
     * {@code hubkit.transpose.positionalWrites=false}, the helpers transpose and the caller checksums and
     * writes the bands in order, as {@link #read} hands them out (kept for A/B measurements).
     */
    public int transferTo(FileChannel channel, long position) throws IOException {
        return transferTo(channel, position, !orderedWrites());
    }

    /**
     * Whether the system property {@code hubkit.transpose.positionalWrites} is {@code false}: bands are then
     * written in order by the caller ({@link #transferTo(FileChannel, long)}), for A/B measurements.
     */
    public static boolean orderedWrites() {
        return "false".equals(System.getProperty("hubkit.transpose.positionalWrites"));
    }

    /**
     * Writes the transposed bytes to {@code channel} from {@code position} on and returns their checksum
     * ({@code sum}: CRC-32 for a zip entry, CRC-32C, or none for safetensors; 0 for {@link RegionPump.Sum#NONE}),
     * all written when this returns. Does not move the channel's position. See
     * {@link #writeTo(FileChannel, long, RegionPump.Sum, BackgroundWrites)}.
     */
    public int writeTo(FileChannel channel, long position, RegionPump.Sum sum) throws IOException {
        try (BackgroundWrites writes = backgroundWrites(channel)) {
            int value = writeTo(channel, position, sum, writes);
            writes.flush();
            return value;
        }
    }

    /**
     * Writes the transposed bytes to {@code channel} from {@code position} on through {@code writes} and
     * returns their checksum ({@code sum}; 0 for {@link RegionPump.Sum#NONE}). The caller and the helper
     * threads each take 1 MiB bands, transpose and sum them (while in cache) and hand them to
     * {@code writes}' thread, which writes them where they go; the band sums are combined in file order.
     * The last bands may still be being written on return, while the caller goes on: {@link
     * BackgroundWrites#flush} before relying on the file. Does not move the channel's position; memory
     * stays bounded as for {@link #read}. Against every thread writing its own bands (the way before; see
     * {@link BackgroundWrites} for the spinning on the file's write lock that it removes), measured on a
     * 2-core VM, BERT-shaped 2 GB TF checkpoint to safetensors, warm in one JVM, three rounds each taking
     * turns: 6.9-8.4 s of process CPU against 7.9-11.7 s. Against handing {@link #read}'s chunks to the
     * safetensors writer thread (measured before): 20-30% less wall and CPU time.
     */
    public int writeTo(FileChannel channel, long position, RegionPump.Sum sum, BackgroundWrites writes)
            throws IOException {
        if (byteSize() == 0) {
            return 0;
        }
        if (source instanceof TransposedData inner) {
            writes.flush(); // written here directly: keep one writer at a time
            return sequentialTransfer(inner.source, channel, position, sum);
        }
        Scratch scratch = SCRATCH.get();
        if (scratch.busy) {
            scratch = new Scratch();
        }
        scratch.busy = true;
        try {
            Bands bands = new Bands(writes, position, byteSize() >= parallelFrom ? WORKERS : 1, sum);
            produce(scratch, bands);
            if (bands.written != byteSize()) {
                throw new IllegalStateException("transpose of '" + info.name() + "' produced " + bands.written
                        + " bytes, expected " + byteSize());
            }
            return bands.crc;
        } finally {
            scratch.busy = false;
        }
    }

    /** A {@link BackgroundWrites} for the bands of transposed kernels written into {@code channel}. */
    public static BackgroundWrites backgroundWrites(FileChannel channel) {
        return new BackgroundWrites(channel, BAND_BYTES, 2 * WORKERS + 2);
    }

    /** {@link #transferTo(FileChannel, long)} with the write mode chosen by the caller. */
    int transferTo(FileChannel channel, long position, boolean positionalWrites) throws IOException {
        if (!positionalWrites && byteSize() > 0 && !(source instanceof TransposedData)) {
            return sequentialTransfer(this, channel, position, RegionPump.Sum.CRC32C); // bands in order
        }
        return writeTo(channel, position, RegionPump.Sum.CRC32C);
    }

    private static int sequentialTransfer(TensorData data, FileChannel channel, long position, RegionPump.Sum sum)
            throws IOException {
        Checksum crc = sum.newChecksum();
        long[] pos = {position};
        data.read(chunk -> {
            if (crc != null) {
                crc.update(chunk.duplicate());
            }
            ByteBuffer b = chunk.duplicate();
            while (b.hasRemaining()) {
                pos[0] += channel.write(b, pos[0]);
            }
        });
        return crc == null ? 0 : (int) crc.getValue();
    }

    /** One output band of a stage and where it goes in the file. */
    private record Band(Stage stage, int stride, int r0, int r1, int c0, int c1, int bytes, long at) {
    }

    /**
     * Collects the bands of a stage and, when the stage is complete, has {@code threads} threads (the
     * caller and helpers) transpose and checksum them and hand them to the {@link BackgroundWrites};
     * keeps the running checksum in file order.
     */
    private final class Bands implements Blocks {
        private final BackgroundWrites writes;
        private final int threads;
        private final List<Band> pending = new ArrayList<>();
        private long next;
        long written;
        int crc;

        private final RegionPump.Sum sum;

        Bands(BackgroundWrites writes, long position, int threads, RegionPump.Sum sum) {
            this.writes = writes;
            this.next = position;
            this.threads = threads;
            this.sum = sum;
        }

        @Override
        public void block(Stage stage, int stride, int r0, int r1, int c0, int c1, int bytes) {
            pending.add(new Band(stage, stride, r0, r1, c0, c1, bytes, next));
            next += bytes;
        }

        @Override
        public void stageDone() throws IOException {
            int n = pending.size();
            int[] sums = new int[n];
            AtomicInteger claim = new AtomicInteger();
            AtomicBoolean failed = new AtomicBoolean();
            int helpers = Math.min(threads, n) - 1;
            Callable<Void> work = () -> {
                try {
                    for (int j = claim.getAndIncrement(); j < n && !failed.get(); j = claim.getAndIncrement()) {
                        sums[j] = write(pending.get(j));
                    }
                    return null;
                } catch (IOException | RuntimeException | Error e) {
                    failed.set(true);
                    throw e;
                }
            };
            List<Future<Void>> running = new ArrayList<>(helpers);
            for (int i = 0; i < helpers; i++) {
                running.add(Workers.submit("hubkit-transpose", work));
            }
            Throwable failure = null;
            try {
                work.call();
            } catch (Exception | Error e) {
                failure = e;
            }
            for (Future<Void> f : running) {
                try {
                    Workers.await(f);
                } catch (IOException | RuntimeException | Error e) {
                    if (failure == null) {
                        failure = e;
                    } else if (failure != e) {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw Workers.asThrown(failure);
            }
            for (int j = 0; j < n; j++) {
                int bytes = pending.get(j).bytes();
                crc = sum.combine(crc, sums[j], bytes);
                written += bytes;
            }
            pending.clear();
        }

        private int write(Band b) throws IOException {
            ByteBuffer out = writes.take(b.bytes());
            transposeWithSpareTiles(b.stage(), b.stride(), b.r0(), b.r1(), b.c0(), b.c1(), out);
            ByteBuffer done = out.limit(b.bytes());
            Checksum c = sum.newChecksum();
            int value = 0;
            if (c != null) {
                c.update(done.duplicate());
                value = (int) c.getValue();
            }
            writes.submit(done, b.at());
            return value;
        }
    }

    private void read(Scratch scratch, ChunkSink sink) throws IOException {
        if (byteSize() >= parallelFrom) {
            Parallel out = new Parallel(scratch.pipelineBands(DEPTH, bandBytes), sink);
            try {
                produce(scratch, out);
            } finally {
                out.abandon();
            }
            return;
        }
        ByteBuffer band = scratch.band(bandBytes);
        produce(scratch, new Blocks() {
            @Override
            public void block(Stage stage, int stride, int r0, int r1, int c0, int c1, int bytes)
                    throws IOException {
                stage.transpose(stride, r0, r1, c0, c1, band, scratch.tiles);
                handOut(band, bytes, sink);
            }

            @Override
            public void stageDone() {
            }
        });
    }

    /** Receives the output blocks of {@link #produce} in output order. */
    private interface Blocks {
        /** Transpose rows {@code [r0, r1)} × columns {@code [c0, c1)} of the stage ({@code bytes} of output). */
        void block(Stage stage, int stride, int r0, int r1, int c0, int c1, int bytes) throws IOException;

        /** Called before the stage is refilled: every block handed over so far must be finished. */
        void stageDone() throws IOException;
    }

    /** {@link Stage#transpose} with a set of tile buffers taken from, and given back to, {@link #SPARE_TILES}. */
    private static void transposeWithSpareTiles(Stage stage, int stride, int r0, int r1, int c0, int c1, ByteBuffer out) {
        TransposeKernels.Tiles tiles = SPARE_TILES.poll();
        if (tiles == null) {
            tiles = new TransposeKernels.Tiles();
        }
        stage.transpose(stride, r0, r1, c0, c1, out, tiles);
        if (SPARE_TILES.size() < MAX_SPARE_TILES) {
            SPARE_TILES.offer(tiles);
        }
    }

    /**
     * Transposes blocks on helper threads (at most one per core in flight, each into its own band buffer) while the
     * caller hands finished bands to the sink in order and fetches the next stage.
     */
    private final class Parallel implements Blocks {
        private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
        private final ArrayDeque<Future<ByteBuffer>> running = new ArrayDeque<>();
        private final ChunkSink sink;

        Parallel(ByteBuffer[] bands, ChunkSink sink) {
            free.addAll(List.of(bands));
            this.sink = sink;
        }

        @Override
        public void block(Stage stage, int stride, int r0, int r1, int c0, int c1, int bytes) throws IOException {
            if (free.isEmpty() || running.size() >= WORKERS) {
                drainOne();
            }
            ByteBuffer band = free.poll();
            running.add(Workers.submit("hubkit-transpose", () -> {
                transposeWithSpareTiles(stage, stride, r0, r1, c0, c1, band);
                return band.clear().limit(bytes);
            }));
        }

        @Override
        public void stageDone() throws IOException {
            while (!running.isEmpty()) {
                drainOne();
            }
        }

        private void drainOne() throws IOException {
            ByteBuffer band;
            try {
                band = running.peek().get();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("transpose of '" + info.name() + "' interrupted");
            } catch (ExecutionException ex) {
                throw Workers.rethrow(ex);
            }
            running.poll();
            handOut(band, band.limit(), sink);
            free.add(band);
        }

        /** After a failure: waits for blocks still running, which use the caller's buffers. */
        void abandon() {
            boolean interrupted = false;
            for (Future<ByteBuffer> f : running) {
                f.cancel(false);
                while (true) {
                    try {
                        f.get();
                        break;
                    } catch (InterruptedException ex) {
                        interrupted = true;
                    } catch (ExecutionException | java.util.concurrent.CancellationException ex) {
                        break;
                    }
                }
            }
            running.clear();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The staged source in a direct buffer, with int and short views for the 2- and 4-byte kernels, which
     * gather a few source rows at a time into an L1 tile and transpose from there into a heap band
     * (measured faster than element-wise buffer accesses, and than copying the whole stage into an array).
     * The views are only read with absolute gets, so helper threads share them.
     */
    private record Stage(ByteBuffer bytes, IntBuffer ints, ShortBuffer shorts, int e) {
        static Stage of(ByteBuffer stage, int e) {
            ByteBuffer s = stage.duplicate().clear().order(ByteOrder.nativeOrder());
            return new Stage(stage, e == 4 ? s.asIntBuffer() : null, e == 2 ? s.asShortBuffer() : null, e);
        }

        void transpose(int stride, int r0, int r1, int c0, int c1, ByteBuffer band, TransposeKernels.Tiles t) {
            int n = (r1 - r0) * (c1 - c0);
            if (ints != null) {
                int[] d = t.intBand(n);
                TransposeKernels.ints(ints, stride, r0, r1, c0, c1, d, t);
                band.duplicate().clear().order(ByteOrder.nativeOrder()).asIntBuffer().put(0, d, 0, n);
            } else if (shorts != null) {
                short[] d = t.shortBand(n);
                TransposeKernels.shorts(shorts, stride, r0, r1, c0, c1, d, t);
                band.duplicate().clear().order(ByteOrder.nativeOrder()).asShortBuffer().put(0, d, 0, n);
            } else {
                TransposeKernels.block(bytes, stride, r0, r1, c0, c1, band, e, t);
            }
        }
    }

    /** Reused per-thread memory: the staged source, output bands and the kernels' tiles. */
    private static final class Scratch {
        final TransposeKernels.Tiles tiles = new TransposeKernels.Tiles();
        boolean busy;
        ByteBuffer stage;
        ByteBuffer band;
        ByteBuffer[] pipeline;

        ByteBuffer stage(long bytes) {
            if (stage == null || stage.capacity() < bytes) {
                stage = ChunkBuffers.aligned((int) Math.max(bytes, Math.min(STAGE_LIMIT, 1L << 20)));
            }
            return stage.clear();
        }

        ByteBuffer band(int bytes) {
            if (band == null || band.capacity() < bytes) {
                band = ChunkBuffers.aligned(bytes);
            }
            return band.clear();
        }

        ByteBuffer[] pipelineBands(int count, int bytes) {
            if (pipeline == null || pipeline[0].capacity() < bytes) {
                pipeline = new ByteBuffer[count];
                for (int i = 0; i < count; i++) {
                    pipeline[i] = ChunkBuffers.aligned(bytes);
                }
            }
            for (ByteBuffer b : pipeline) {
                b.clear();
            }
            return pipeline;
        }
    }


    private static void handOut(ByteBuffer band, int bytes, ChunkSink sink) throws IOException {
        for (int p = 0; p < bytes; p += CHUNK_SIZE) {
            ByteBuffer chunk = band.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            chunk.limit(Math.min(bytes, p + CHUNK_SIZE)).position(p);
            sink.accept(chunk);
        }
    }

    /** Fetches the source band by band and transposes it into output bands, in output order. */
    private void produce(Scratch scratch, Blocks out) throws IOException {
        long[] s = source.info().shape();
        int rows = (int) s[0];
        int cols = (int) s[1];
        int e = info.dtype().byteSize();
        long columnBytes = (long) rows * e;
        // w source columns (all rows) at a time; a single column taller than the limit goes in row pieces.
        int w = (int) Math.max(1, Math.min(cols, stageLimit / columnBytes));
        int rp = columnBytes <= stageLimit ? rows : (int) (stageLimit / e);
        boolean whole = w == cols && rp == rows;
        PositionalData positional = Positionals.of(source);
        if (positional != null && !whole) {
            positional.verify();
        }
        if (whole && mapSource && positional != null && positional.mappable() && splitFill(positional)) {
            // the page cache is the stage: no copy, no memory of our own; unmapped once every band is done
            // (after a failure helper threads may still read it: then it is left to the garbage collector)
            java.nio.MappedByteBuffer view = positional.mappedView();
            MAPPED_KERNELS.incrementAndGet();
            try {
                if (positional.splitCrc32c()) {
                    checkCrcInParts(positional, view, rows * cols, e);
                }
                emit(Stage.of(view, e), rows, cols, e, out);
                out.stageDone();
            } catch (InternalError ex) {
                // SIGBUS: the file got shorter than the map (truncated or rewritten while being read)
                if (!SourceChanged.isMapFault(ex)) {
                    throw ex;
                }
                throw SourceChanged.mapFault(positional.file(), source.info().name(), ex);
            }
            // a fault in compiled code is reported at the thread's next safepoint, and the bytes it read are
            // zeros: the file must still hold the whole kernel now that every band is done
            positional.checkUnchanged();
            MappedRegions.release(view);
            return;
        }
        // a large kernel read whole: two threads each read and check-sum half of the rows, unless the
        // previous kernel of the conversion already had it read ahead
        if (whole && splitFill(positional)) {
            Future<ByteBuffer> ahead = prefetched;
            prefetched = null;
            ByteBuffer own = ahead == null ? null : Workers.await(ahead);
            Stage filled;
            if (own != null) {
                READ_AHEAD.incrementAndGet();
                filled = Stage.of(own, e);
            } else {
                // not read ahead (the first kernel of a chain): into a pool buffer when it fits one, so the
                // kernels read ahead after it reuse that buffer instead of another fresh one
                own = pooled() ? StagePool.take(Math.max(byteSize(), poolBytes)) : null;
                ByteBuffer stage = own != null ? own : scratch.stage(byteSize());
                try {
                    filled = fillWholeInParts(positional, stage, rows, cols, e);
                } catch (IOException | RuntimeException | Error ex) {
                    if (own != null) {
                        StagePool.give(own, false);
                    }
                    throw ex;
                }
            }
            boolean done = false;
            try {
                if (next != null) {
                    next.prefetch();
                }
                emit(filled, rows, cols, e, out);
                out.stageDone();
                done = true;
            } finally {
                if (own != null) {
                    // after a failure helper threads may still read it: leave it to the garbage collector
                    StagePool.give(own, done);
                }
            }
            return;
        }
        ByteBuffer stage = scratch.stage((long) w * rp * e);
        for (int c0 = 0; c0 < cols; c0 += w) {
            int wc = Math.min(w, cols - c0);
            for (int r0 = 0; r0 < rows; r0 += rp) {
                int rn = Math.min(rp, rows - r0);
                if (positional != null) {
                    fillPositional(positional, stage, whole, cols, e, r0, rn, c0, wc);
                } else {
                    fillStreaming(stage, whole, cols, e, r0, rn, c0, wc);
                }
                emit(Stage.of(stage, e), rn, wc, e, out);
                out.stageDone();
            }
        }
    }

    /**
     * Whether this kernel is read whole by the split (two-thread) fill: 2- or 4-byte elements, positional
     * source, large enough for the helper threads, and any stored checksum checkable from the parts.
     */
    private boolean splitFill(PositionalData positional) {
        int e = info.dtype().byteSize();
        return positional != null && byteSize() <= stageLimit && (e == 4 || e == 2) && info.shape()[1] >= 2
                && byteSize() >= parallelFrom && Workers.PARALLEL
                && (!positional.checksOnReadAll() || positional.splitCrc32c());
    }

    /**
     * Links each transposed kernel of {@code tensors} (in the order a writer will read them) to the next
     * one, so that while one is transposed the next is read ahead into a second stage buffer (kernels of up
     * to {@value #PREFETCH_LIMIT_MIB} MiB that are read whole). Reading them in another order, or only
     * some of them, stays correct: a kernel not read ahead is read when asked for.
     */
    public static void chain(List<? extends TensorData> tensors) {
        List<TransposedData> linked = new ArrayList<>();
        TransposedData previous = null;
        long largest = 0;
        for (TensorData d : tensors) {
            TensorData t = d instanceof RenamedData r ? r.source() : d;
            if (t instanceof TransposedData td && !(td.source instanceof TransposedData)) {
                if (previous != null && previous != td) {
                    previous.next = td;
                }
                previous = td;
                linked.add(td);
                if (td.pooled()) {
                    largest = Math.max(largest, td.byteSize());
                }
            }
        }
        for (TransposedData td : linked) {
            td.poolBytes = largest;
        }
    }

    /** Drops the pooled stage buffers, so that a test sees how many a conversion makes. */
    static void clearStagePool() {
        StagePool.clear();
    }

    /** Whether this kernel is staged in a {@link StagePool} buffer: small enough to be read ahead. */
    private boolean pooled() {
        PositionalData p = Positionals.of(source);
        return byteSize() <= PREFETCH_LIMIT && PIPELINE && splitFill(p) && !(mapSource && p.mappable());
    }

    /** Starts reading this kernel ahead on a {@link Workers} thread, if it qualifies. */
    private void prefetch() {
        if (prefetched != null || !pooled()) {
            return;
        }
        PositionalData p = Positionals.of(source);
        long bytes = Math.max(byteSize(), poolBytes);
        prefetched = Workers.submit(() -> {
            // taken here, not by the caller: a new buffer's zeroing and first-touch page faults (the
            // second pool buffer, early in a fresh process) overlap the caller's transpose
            ByteBuffer buffer = StagePool.take(bytes);
            try {
                p.readAll(buffer.clear().limit((int) byteSize())); // checks a stored checksum
                return buffer;
            } catch (IOException | RuntimeException | Error e) {
                StagePool.give(buffer, true);
                throw e;
            }
        });
    }

    /**
     * Reused direct stage buffers for kernels read ahead (in a conversion, one being transposed and one
     * being filled; at most two are kept). A buffer given back after a failure is dropped instead, as a
     * helper thread may still read it, and so is one that is never consumed (garbage collected). Buffers
     * are made the size of their chain's largest kernel read ahead ({@link #poolBytes}), so a conversion
     * touches two of them and no more: in a fresh process every page of a new buffer is a page fault, which
     * measured 4-8 ms per MiB on the 2-core VM (BERT-shaped 2 GB: 64 MiB of stage buffers in the first layer
     * when each kernel size got its own, 32 MiB now).
     */
    private static final class StagePool {
        private static final ArrayDeque<ByteBuffer> FREE = new ArrayDeque<>();

        static synchronized ByteBuffer take(long bytes) {
            ByteBuffer b = FREE.poll();
            if (b != null && b.capacity() >= bytes) {
                return b;
            }
            POOL_BUFFERS_MADE.incrementAndGet();
            return ChunkBuffers.aligned((int) bytes);
        }

        static synchronized void clear() {
            FREE.clear();
        }

        static synchronized void give(ByteBuffer b, boolean reusable) {
            if (reusable && FREE.size() < 2) {
                FREE.add(b);
            }
        }
    }

    /**
     * Reads the whole source into the stage, the first half of the rows on this thread and the second on
     * a {@link Workers} thread; a stored CRC-32C is checked from the two halves' sums.
     */
    private static Stage fillWholeInParts(PositionalData p, ByteBuffer stage, int rows, int cols, int e)
            throws IOException {
        int n = rows * cols;
        boolean sum = p.splitCrc32c();
        int mid = rows / 2 * cols;
        Workers.Pair<Integer> crcs = Workers.both(() -> fillPart(p, stage, 0, mid, e, sum),
                () -> fillPart(p, stage, mid, n, e, sum));
        if (sum) {
            p.checkCrc32c(CrcMath.combine(CrcMath.CRC32C, crcs.first(), crcs.second(), (long) (n - mid) * e));
        }
        return Stage.of(stage, e);
    }

    /**
     * Checks the stored CRC-32C of a mapped kernel, each half summed on its own thread, through
     * {@link MappedCrc32c} (a file truncated while being read must give an error, not crash the JVM).
     */
    private static void checkCrcInParts(PositionalData p, ByteBuffer view, int n, int e) throws IOException {
        int mid = n / 2;
        Workers.Pair<Integer> crcs = Workers.both(() -> MappedCrc32c.of(view, 0, mid * e),
                () -> MappedCrc32c.of(view, mid * e, n * e));
        p.checkCrc32c(CrcMath.combine(CrcMath.CRC32C, crcs.first(), crcs.second(), (long) (n - mid) * e));
    }

    /** Elements {@code [from, to)}: read into the stage, summed (CRC-32C) when asked. */
    private static int fillPart(PositionalData p, ByteBuffer stage, int from, int to, int e, boolean sum)
            throws IOException {
        ByteBuffer part = stage.duplicate().clear().limit(to * e).position(from * e);
        p.readAt((long) from * e, part);
        if (!sum) {
            return 0;
        }
        CRC32C c = new CRC32C();
        c.update(stage.duplicate().clear().limit(to * e).position(from * e));
        return (int) c.getValue();
    }

    /** Splits the staged {@code rn × wc} block into output bands. */
    private void emit(Stage stage, int rn, int wc, int e, Blocks out) throws IOException {
        long outRowBytes = (long) rn * e;
        if (outRowBytes <= bandBytes) {
            int bc = (int) (bandBytes / outRowBytes);
            for (int c = 0; c < wc; c += bc) {
                int ce = Math.min(wc, c + bc);
                out.block(stage, wc, 0, rn, c, ce, (int) ((ce - c) * outRowBytes));
            }
            return;
        }
        int rb = bandBytes / e;
        for (int c = 0; c < wc; c++) {
            for (int r = 0; r < rn; r += rb) {
                int re = Math.min(rn, r + rb);
                out.block(stage, wc, r, re, c, c + 1, (re - r) * e);
            }
        }
    }

    private void fillPositional(PositionalData p, ByteBuffer stage, boolean whole, int cols, int e, int r0, int rn,
                                int c0, int wc) throws IOException {
        stage.clear();
        if (whole) {
            stage.limit((int) byteSize());
            p.readAll(stage);
            return;
        }
        if (wc == cols) {
            stage.limit(rn * wc * e);
            p.readAt((long) r0 * cols * e, stage);
            return;
        }
        int segment = wc * e;
        for (int r = 0; r < rn; r++) {
            stage.limit((r + 1) * segment).position(r * segment);
            p.readAt(((long) (r0 + r) * cols + c0) * e, stage);
        }
    }

    /** Streams the whole source and keeps the elements of the band (every pass reads the source once). */
    private void fillStreaming(ByteBuffer stage, boolean whole, int cols, int e, int r0, int rn, int c0, int wc)
            throws IOException {
        stage.clear();
        long[] seen = {0};
        if (whole) {
            source.read(chunk -> {
                if (chunk.remaining() > stage.remaining()) {
                    throw new IllegalStateException("tensor '" + source.info().name() + "' produced more than "
                            + byteSize() + " bytes");
                }
                seen[0] += chunk.remaining();
                stage.put(chunk.duplicate());
            });
        } else {
            long rowBytes = (long) cols * e;
            source.read(chunk -> {
                long start = seen[0];
                long end = start + chunk.remaining();
                for (long r = Math.max(r0, start / rowBytes); r < r0 + rn && r * rowBytes < end; r++) {
                    long from = Math.max(start, r * rowBytes + (long) c0 * e);
                    long to = Math.min(end, r * rowBytes + (long) (c0 + wc) * e);
                    if (from < to) {
                        ByteBuffer part = chunk.duplicate();
                        part.position(chunk.position() + (int) (from - start));
                        part.limit(chunk.position() + (int) (to - start));
                        stage.put((int) ((r - r0) * wc * e + (from - r * rowBytes - (long) c0 * e)), part, part.position(),
                                part.remaining());
                    }
                }
                seen[0] = end;
            });
        }
        if (seen[0] != byteSize()) {
            throw new IllegalStateException("tensor '" + source.info().name() + "' produced " + seen[0]
                    + " bytes, expected " + byteSize());
        }
    }

    @Override
    public ByteBuffer buffer() throws IOException {
        long size = byteSize();
        if (size > Integer.MAX_VALUE - 8) {
            throw new FormatException("tensor '" + info.name() + "' has " + size
                    + " bytes, more than one buffer can hold; stream it with read() instead");
        }
        ByteBuffer all = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        read(all::put);
        return all.flip().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }
}
