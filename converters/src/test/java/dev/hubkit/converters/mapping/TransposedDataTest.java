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

    /** A large bundle kernel is read in two halves on two threads: its CRC-32C is still checked whole. */
    @Test
    void splitReadOfABundleKernelChecksItsCrc() throws Exception {
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
            assertThat(bytes(new TransposedData(r.data("dense/kernel"), "k"))).isEqualTo(want);
        }
        Path shard = dir.resolve("model.data-00000-of-00001");
        byte[] data = Files.readAllBytes(shard);
        data[data.length - 3] ^= 0x10; // in the second half of the rows
        Files.write(shard, data);
        try (dev.hubkit.converters.tensorflow.TfCheckpointReader r =
                     dev.hubkit.converters.tensorflow.TfCheckpointReader.open(prefix)) {
            TransposedData t = new TransposedData(r.data("dense/kernel"), "k");
            assertThatThrownBy(() -> bytes(t)).isInstanceOf(dev.hubkit.converters.FormatException.class)
                    .hasMessageContaining("CRC mismatch in tensor 'dense/kernel'");
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
