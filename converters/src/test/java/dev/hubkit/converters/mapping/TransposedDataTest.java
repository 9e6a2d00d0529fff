package dev.hubkit.converters.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FileRegionData;
import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.TensorBytes;
import dev.hubkit.converters.TensorData;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransposedDataTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"F32,3,5", "F16,70,130", "U8,129,3", "F64,64,64", "I32,1,0", "BF16,2049,1025", "F32,4096,1030",
        "I64,9,17", "U8,130,257"})
    void matchesNaiveTranspose(DType dtype, int rows, int cols) throws Exception {
        byte[] src = random(dtype, rows, cols);
        TransposedData t = new TransposedData(heap(dtype, rows, cols, src), "w.T");
        assertThat(t.info()).isEqualTo(new TensorInfo("w.T", dtype, new long[] {cols, rows}));
        assertThat(bytes(t)).isEqualTo(naive(src, rows, cols, dtype.byteSize()));
    }

    /**
     * Small memory bounds force every path: column bands, single columns split into row pieces, output
     * bands split along rows, streaming sources read once per band, and the helper-thread pipeline.
     */
    @ParameterizedTest
    @CsvSource({
        // dtype, rows, cols, stage limit, band bytes, pipeline
        "F32,37,53,1024,256,false", "F32,37,53,1024,256,true", "F16,33,65,200,64,false", "U8,100,7,50,64,true",
        "F64,19,23,64,64,false", "BF16,1000,3,512,128,true", "F32,5,1000,40,64,false", "F32,300,300,1000000,4096,true"})
    void boundedPathsMatchNaiveTranspose(DType dtype, int rows, int cols, long stage, int band, boolean pipeline)
            throws Exception {
        byte[] src = random(dtype, rows, cols);
        byte[] want = naive(src, rows, cols, dtype.byteSize());
        Path file = dir.resolve("w.bin");
        Files.write(file, concat(new byte[13], src));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            TensorInfo info = new TensorInfo("w", dtype, new long[] {rows, cols});
            TensorData positional = new FileRegionData(info, file, ch, 13, false);
            TensorData streaming = new Streamed(heap(dtype, rows, cols, src));
            for (TensorData source : new TensorData[] {positional, streaming}) {
                assertThat(bytes(new TransposedData(source, "w.T", stage, band, pipeline ? 0 : Long.MAX_VALUE)))
                        .as("%s source", source.getClass().getSimpleName()).isEqualTo(want);
            }
        }
    }

    /**
     * A large bundle kernel is read (or, mapped, summed) in two halves on two threads: its CRC-32C is still
     * checked whole.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void splitReadOfABundleKernelChecksItsCrc(boolean mapSource) throws Exception {
        int rows = 1100;
        int cols = 1024; // 4.3 MiB of F32: transposed by the helper threads
        byte[] src = random(DType.F32, rows, cols);
        Path prefix = dir.resolve("model");
        TensorInfo info = new TensorInfo("dense/kernel", DType.F32, new long[] {rows, cols});
        try (dev.hubkit.converters.tensorflow.TfCheckpointWriter w =
                     dev.hubkit.converters.tensorflow.TfCheckpointWriter.create(prefix, java.util.List.of(info))) {
            w.write(new HeapData(info, ByteBuffer.wrap(src).order(java.nio.ByteOrder.LITTLE_ENDIAN)));
            w.finish();
        }
        byte[] want = naive(src, rows, cols, 4);
        try (dev.hubkit.converters.tensorflow.TfCheckpointReader r =
                     dev.hubkit.converters.tensorflow.TfCheckpointReader.open(prefix)) {
            long mapped = TransposedData.MAPPED_KERNELS.get();
            assertThat(bytes(kernel(r.data("dense/kernel"), mapSource))).isEqualTo(want);
            assertThat(TransposedData.MAPPED_KERNELS.get() - mapped).as("mapped").isEqualTo(mapSource ? 1 : 0);
        }
        Path shard = dir.resolve("model.data-00000-of-00001");
        byte[] data = Files.readAllBytes(shard);
        data[data.length - 3] ^= 0x10; // in the second half of the rows
        Files.write(shard, data);
        try (dev.hubkit.converters.tensorflow.TfCheckpointReader r =
                     dev.hubkit.converters.tensorflow.TfCheckpointReader.open(prefix)) {
            TransposedData t = kernel(r.data("dense/kernel"), mapSource);
            assertThatThrownBy(() -> bytes(t)).isInstanceOf(dev.hubkit.converters.FormatException.class)
                    .hasMessageContaining("CRC mismatch in tensor 'dense/kernel'");
        }
    }

    /** Random kernels {@code k0, k1, ...} of these shapes and types, written as a TF checkpoint; their bytes. */
    private static java.util.List<byte[]> writeKernels(Path prefix, int[][] shapes, DType[] types) throws IOException {
        java.util.List<TensorInfo> infos = new java.util.ArrayList<>();
        java.util.List<byte[]> srcs = new java.util.ArrayList<>();
        for (int i = 0; i < shapes.length; i++) {
            infos.add(new TensorInfo("k" + i, types[i], new long[] {shapes[i][0], shapes[i][1]}));
            srcs.add(random(types[i], shapes[i][0], shapes[i][1]));
        }
        try (dev.hubkit.converters.tensorflow.TfCheckpointWriter w =
                     dev.hubkit.converters.tensorflow.TfCheckpointWriter.create(prefix, infos)) {
            for (int i = 0; i < shapes.length; i++) {
                w.write(new HeapData(infos.get(i), ByteBuffer.wrap(srcs.get(i)).order(java.nio.ByteOrder.LITTLE_ENDIAN)));
            }
            w.finish();
        }
        return srcs;
    }

    /** Flips a bit of kernel {@code k2} in a shard {@link #writeKernels} wrote (k0 F32, k1 2-byte elements). */
    private static void corruptK2(Path shard, int[][] shapes) throws IOException {
        byte[] data = Files.readAllBytes(shard);
        long k2 = (long) shapes[0][0] * shapes[0][1] * 4 + (long) shapes[1][0] * shapes[1][1] * 2;
        data[(int) k2 + 5] ^= 0x01;
        Files.write(shard, data);
    }

    private static TransposedData kernel(TensorData source, boolean mapSource) {
        return new TransposedData(source, "k", TransposedData.STAGE_LIMIT, TransposedData.BAND_BYTES, 4L << 20,
                mapSource);
    }

    /**
     * Kernels stored little-endian in a file (a TF bundle, a plain file region) are transposed straight from a
     * memory map, chained or not: the same bytes and CRC-32C as the naive transpose, through read and
     * transferTo, with no stage buffer made and nothing read ahead, and a corrupt one still fails its CRC.
     */
    @Test
    void mappedKernelsGiveTheSameBytesWithoutStaging() throws Exception {
        int[][] shapes = {{64, 48}, {33, 70}, {120, 16}, {16, 120}, {50, 50}};
        DType[] types = {DType.F32, DType.BF16, DType.F32, DType.F16, DType.I32};
        int n = shapes.length;
        Path prefix = dir.resolve("mapped");
        java.util.List<byte[]> srcs = writeKernels(prefix, shapes, types);
        java.util.function.IntFunction<byte[]> want = i -> naive(srcs.get(i), shapes[i][0], shapes[i][1],
                types[i].byteSize());
        Path region = dir.resolve("region.bin");
        Files.write(region, srcs.get(0));
        TransposedData.clearStagePool();
        long made = TransposedData.POOL_BUFFERS_MADE.get();
        long readAhead = TransposedData.READ_AHEAD.get();
        long mapped = TransposedData.MAPPED_KERNELS.get();
        try (dev.hubkit.converters.tensorflow.TfCheckpointReader r =
                     dev.hubkit.converters.tensorflow.TfCheckpointReader.open(prefix);
             FileChannel ch = FileChannel.open(region, StandardOpenOption.READ)) {
            java.util.List<TransposedData> ts = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                ts.add(new TransposedData(r.data("k" + i), "t" + i, 1 << 20, 256, 0, true));
            }
            TransposedData.chain(ts);
            for (int i = 0; i < n; i++) {
                assertThat(bytes(ts.get(i))).as("read, tensor %d", i).isEqualTo(want.apply(i));
                Path out = dir.resolve("m" + i + ".bin");
                try (FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                    crc.update(want.apply(i));
                    assertThat(ts.get(i).transferTo(o, 0, true)).isEqualTo((int) crc.getValue());
                }
                assertThat(Files.readAllBytes(out)).as("transferTo, tensor %d", i).isEqualTo(want.apply(i));
            }
            TensorInfo k0 = new TensorInfo("k0", types[0], new long[] {shapes[0][0], shapes[0][1]});
            FileRegionData plain = new FileRegionData(k0, region, ch, 0, false);
            assertThat(bytes(new TransposedData(plain, "r", 1 << 20, 256, 0, true))).isEqualTo(want.apply(0));
        }
        assertThat(TransposedData.MAPPED_KERNELS.get() - mapped).as("kernels mapped").isEqualTo(2L * n + 1);
        assertThat(TransposedData.POOL_BUFFERS_MADE.get() - made).as("stage buffers made").isZero();
        assertThat(TransposedData.READ_AHEAD.get() - readAhead).as("kernels read ahead").isZero();
        corruptK2(dir.resolve("mapped.data-00000-of-00001"), shapes);
        try (dev.hubkit.converters.tensorflow.TfCheckpointReader r =
                     dev.hubkit.converters.tensorflow.TfCheckpointReader.open(prefix)) {
            TransposedData t = new TransposedData(r.data("k2"), "t2", 1 << 20, 256, 0, true);
            assertThatThrownBy(() -> bytes(t)).isInstanceOf(dev.hubkit.converters.FormatException.class)
                    .hasMessageContaining("CRC mismatch in tensor 'k2'");
        }
    }

    /**
     * transferTo: bands transposed, summed and written at their offsets by several threads give the same
     * file bytes as the in-order stream, and the CRC-32C of exactly those bytes, on every bounded path.
     */
    @ParameterizedTest
    @CsvSource({
        // dtype, rows, cols, stage limit, band bytes, parallel
        "F32,37,53,1024,256,false", "F32,37,53,1024,256,true", "F16,33,65,200,64,true", "U8,100,7,50,64,true",
        "F64,19,23,64,64,true", "BF16,1000,3,512,128,true", "F32,5,1000,40,64,true", "F32,300,300,1000000,4096,true",
        "F32,1100,1024,67108864,1048576,true", "BF16,64,4100,4096,1024,true", "I32,1,0,1024,256,true"})
    void transferToWritesTheTransposeAndItsCrc(DType dtype, int rows, int cols, long stage, int band, boolean parallel)
            throws Exception {
        byte[] src = random(dtype, rows, cols);
        byte[] want = naive(src, rows, cols, dtype.byteSize());
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(want);
        Path in = dir.resolve("w.bin");
        Files.write(in, concat(new byte[5], src));
        try (FileChannel ch = FileChannel.open(in, StandardOpenOption.READ)) {
            TensorInfo info = new TensorInfo("w", dtype, new long[] {rows, cols});
            TensorData positional = new FileRegionData(info, in, ch, 5, false);
            TensorData streaming = new Streamed(heap(dtype, rows, cols, src));
            for (TensorData source : new TensorData[] {positional, streaming}) {
                for (boolean positionalWrites : new boolean[] {true, false}) {
                    Path out = dir.resolve("out.bin");
                    Files.deleteIfExists(out);
                    try (FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE)) {
                        TransposedData t = new TransposedData(source, "w.T", stage, band, parallel ? 0 : Long.MAX_VALUE);
                        assertThat(t.transferTo(o, 7, positionalWrites)).as("crc")
                                .isEqualTo(want.length == 0 ? 0 : (int) crc.getValue());
                    }
                    byte[] got = Files.readAllBytes(out);
                    assertThat(java.util.Arrays.copyOfRange(got, Math.min(7, got.length), got.length))
                            .as("%s source, positional writes %s", source.getClass().getSimpleName(), positionalWrites)
                            .isEqualTo(want);
                }
            }
        }
    }

    /** A failing write on one thread surfaces as the caller's exception once every band thread stopped. */
    @Test
    void transferToFailuresSurface() throws Exception {
        byte[] src = random(DType.F32, 512, 512);
        Path out = dir.resolve("ro.bin");
        Files.write(out, new byte[0]);
        try (FileChannel readOnly = FileChannel.open(out, StandardOpenOption.READ)) {
            TransposedData t = new TransposedData(heap(DType.F32, 512, 512, src), "t", 1 << 20, 4096, 0);
            for (boolean positionalWrites : new boolean[] {true, false}) {
                assertThatThrownBy(() -> t.transferTo(readOnly, 0, positionalWrites))
                        .isInstanceOf(java.nio.channels.NonWritableChannelException.class);
            }
            assertThat(bytes(t)).isEqualTo(naive(src, 512, 512, 4)); // and the next read still works
        }
    }

    /**
     * Chained kernels of a bundle are read ahead while the previous one is transposed: in order, out of
     * order, twice, through read and transferTo, the bytes are the same; a corrupt kernel read ahead still
     * fails its CRC check when it is asked for, and the kernels after it still convert.
     */
    @Test
    void chainedKernelsReadAheadGiveTheSameBytes() throws Exception {
        int n = 5;
        int[][] shapes = {{64, 48}, {33, 70}, {120, 16}, {16, 120}, {50, 50}};
        DType[] types = {DType.F32, DType.BF16, DType.F32, DType.F16, DType.I32};
        Path prefix = dir.resolve("chain");
        java.util.List<byte[]> srcs = writeKernels(prefix, shapes, types);
        java.util.function.IntFunction<byte[]> want = i -> naive(srcs.get(i), shapes[i][0], shapes[i][1],
                types[i].byteSize());
        try (dev.hubkit.converters.tensorflow.TfCheckpointReader r =
                     dev.hubkit.converters.tensorflow.TfCheckpointReader.open(prefix)) {
            java.util.function.Supplier<java.util.List<TransposedData>> chained = () -> {
                java.util.List<TransposedData> ts = new java.util.ArrayList<>();
                for (int i = 0; i < n; i++) {
                    ts.add(new TransposedData(r.data("k" + i), "t" + i, 1 << 20, 256, 0));
                }
                TransposedData.chain(ts);
                return ts;
            };
            java.util.List<TransposedData> ts = chained.get();
            long before = TransposedData.READ_AHEAD.get();
            for (int i = 0; i < n; i++) {
                assertThat(bytes(ts.get(i))).as("in order, tensor %d", i).isEqualTo(want.apply(i));
            }
            assertThat(TransposedData.READ_AHEAD.get() - before).as("kernels read ahead").isEqualTo(n - 1);
            for (int i = n - 1; i >= 0; i--) {
                assertThat(bytes(ts.get(i))).as("again, backwards, tensor %d", i).isEqualTo(want.apply(i));
            }
            ts = chained.get();
            for (int i : new int[] {0, 2, 1, 4, 3}) {
                assertThat(bytes(ts.get(i))).as("out of order, tensor %d", i).isEqualTo(want.apply(i));
            }
            ts = chained.get();
            for (int i = 0; i < n; i++) {
                Path out = dir.resolve("t" + i + ".bin");
                try (FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                    crc.update(want.apply(i));
                    assertThat(ts.get(i).transferTo(o, 0, i % 2 == 0)).isEqualTo((int) crc.getValue());
                }
                assertThat(Files.readAllBytes(out)).as("transferTo, tensor %d", i).isEqualTo(want.apply(i));
            }
        }
        // corrupt k2 (read ahead while k1 is transposed)
        corruptK2(dir.resolve("chain.data-00000-of-00001"), shapes);
        try (dev.hubkit.converters.tensorflow.TfCheckpointReader r =
                     dev.hubkit.converters.tensorflow.TfCheckpointReader.open(prefix)) {
            java.util.List<TransposedData> ts = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                ts.add(new TransposedData(r.data("k" + i), "t" + i, 1 << 20, 256, 0));
            }
            TransposedData.chain(ts);
            assertThat(bytes(ts.get(0))).isEqualTo(want.apply(0));
            assertThat(bytes(ts.get(1))).isEqualTo(want.apply(1));
            assertThatThrownBy(() -> bytes(ts.get(2))).isInstanceOf(dev.hubkit.converters.FormatException.class)
                    .hasMessageContaining("CRC mismatch in tensor 'k2'");
            assertThat(bytes(ts.get(3))).isEqualTo(want.apply(3));
            assertThat(bytes(ts.get(4))).isEqualTo(want.apply(4));
        }
    }

    /**
     * A chain of kernels of growing sizes is staged in two pool buffers, made the size of the largest
     * kernel read ahead, whatever the order of sizes (each new buffer is fresh memory, which a new process
     * pays for in page faults); the first kernel, not read ahead, is staged in one of them too.
     */
    @Test
    void chainStagesEveryKernelInTwoPoolBuffers() throws Exception {
        int[][] shapes = {{16, 24}, {40, 32}, {64, 48}, {96, 80}, {24, 16}, {128, 96}};
        Path prefix = dir.resolve("pool");
        DType[] types = new DType[shapes.length];
        java.util.Arrays.fill(types, DType.F32);
        java.util.List<byte[]> srcs = writeKernels(prefix, shapes, types);
        try (dev.hubkit.converters.tensorflow.TfCheckpointReader r =
                     dev.hubkit.converters.tensorflow.TfCheckpointReader.open(prefix)) {
            java.util.List<TransposedData> ts = new java.util.ArrayList<>();
            for (int i = 0; i < shapes.length; i++) {
                ts.add(new TransposedData(r.data("k" + i), "t" + i, 1 << 20, 256, 0));
            }
            TransposedData.chain(ts);
            TransposedData.clearStagePool();
            long made = TransposedData.POOL_BUFFERS_MADE.get();
            long readAhead = TransposedData.READ_AHEAD.get();
            for (int i = 0; i < shapes.length; i++) {
                assertThat(bytes(ts.get(i))).as("tensor %d", i)
                        .isEqualTo(naive(srcs.get(i), shapes[i][0], shapes[i][1], 4));
            }
            assertThat(TransposedData.READ_AHEAD.get() - readAhead).as("kernels read ahead").isEqualTo(shapes.length - 1);
            assertThat(TransposedData.POOL_BUFFERS_MADE.get() - made).as("pool buffers made").isEqualTo(2);
        }
    }

    @Test
    void nestedTransposesGiveTheSourceBack() throws Exception {
        byte[] src = random(DType.F32, 40, 24);
        TransposedData once = new TransposedData(heap(DType.F32, 40, 24, src), "t");
        assertThat(bytes(new TransposedData(once, "tt"))).isEqualTo(src);
        // a transpose reading through a cast of another transpose: both use this thread's scratch memory
        TensorData cast = dev.hubkit.converters.cast.CastData.wrap(once, DType.F16);
        byte[] want = naive(bytes(cast), 24, 40, 2);
        assertThat(bytes(new TransposedData(cast, "c"))).isEqualTo(want);
    }

    @Test
    void bigEndianRegionsAreSwappedBeforeTransposing() throws Exception {
        int rows = 3;
        int cols = 2;
        ByteBuffer be = ByteBuffer.allocate(rows * cols * 4);
        for (int i = 0; i < rows * cols; i++) {
            be.putFloat(i); // big-endian
        }
        Path file = dir.resolve("be.bin");
        Files.write(file, be.array());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            TensorInfo info = new TensorInfo("w", DType.F32, new long[] {rows, cols});
            ByteBuffer got = ByteBuffer.wrap(bytes(new TransposedData(new FileRegionData(info, file, ch, 0, true), "t")))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            float[] f = new float[rows * cols];
            got.asFloatBuffer().get(f);
            assertThat(f).containsExactly(0, 2, 4, 1, 3, 5);
        }
    }

    @Test
    void failuresOfTheConsumerStopTheHelperAndSurface() throws Exception {
        byte[] src = random(DType.F32, 512, 512);
        TransposedData t = new TransposedData(heap(DType.F32, 512, 512, src), "t", 1 << 20, 4096, 0);
        int[] calls = {0};
        assertThatThrownBy(() -> t.read(chunk -> {
            if (++calls[0] == 3) {
                throw new IOException("disk full");
            }
        })).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(bytes(t)).isEqualTo(naive(src, 512, 512, 4)); // and the next read still works
    }

    @Test
    void truncatedRegionIsAFormatException() throws Exception {
        Path file = dir.resolve("short.bin");
        Files.write(file, new byte[100]);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            TensorInfo info = new TensorInfo("w", DType.F32, new long[] {10, 10});
            assertThatThrownBy(() -> bytes(new TransposedData(new FileRegionData(info, file, ch, 0, false), "t")))
                    .isInstanceOf(dev.hubkit.converters.FormatException.class).hasMessageContaining("'w'")
                    .hasMessageContaining("truncated");
        }
    }

    /** A source that can only be streamed. */
    private record Streamed(TensorData d) implements TensorData {
        @Override
        public TensorInfo info() {
            return d.info();
        }

        @Override
        public void read(ChunkSink sink) throws IOException {
            // odd-sized chunks that still hold whole elements
            int e = d.info().dtype().byteSize();
            ByteBuffer all = d.buffer();
            for (int p = 0, step = 7 * e; p < all.limit(); p += step, step = step % (40 * e) + 3 * e) {
                sink.accept(all.duplicate().position(p).limit(Math.min(all.limit(), p + step)));
            }
        }

        @Override
        public ByteBuffer buffer() throws IOException {
            return d.buffer();
        }
    }

    private static byte[] random(DType dtype, int rows, int cols) {
        byte[] src = new byte[rows * cols * dtype.byteSize()];
        new Random(rows * 31L + cols).nextBytes(src);
        return src;
    }

    private static HeapData heap(DType dtype, int rows, int cols, byte[] src) {
        return new HeapData(new TensorInfo("w", dtype, new long[] {rows, cols}), ByteBuffer.wrap(src));
    }

    private static byte[] naive(byte[] src, int rows, int cols, int e) {
        byte[] want = new byte[src.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                System.arraycopy(src, (r * cols + c) * e, want, (c * rows + r) * e, e);
            }
        }
        return want;
    }

    private static byte[] bytes(TensorData t) throws IOException {
        ByteBuffer got = TensorBytes.copy(t);
        byte[] g = new byte[got.remaining()];
        got.get(g);
        return g;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
