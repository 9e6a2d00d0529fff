package dev.hubkit.converters.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.FileRegionData;
import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.tensorflow.TfCheckpointReader;
import dev.hubkit.converters.tensorflow.TfCheckpointWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel transposed straight from a memory map of its file, the file truncated once the map is made (the
 * worst moment: every read of the map then faults, SIGBUS): a {@link FormatException} naming the file and saying it
 * changed while being read, never a JVM crash (the CRC-32C of a TF bundle kernel was summed from the map in native
 * code, where a fault kills the JVM) nor an {@link InternalError}.
 *
 * <p>Runs in a JVM of its own (see the converters pom): the JVM reports a fault on a shrunken map at some later
 * point of the thread that read it, and a hang there fails the test after the timeout instead of stalling the run.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MappedSourceTruncatedTest {
    private static final int N = 1024; // 4 MiB of F32: transposed from the map, in parallel

    @TempDir
    Path dir;

    @Test
    void plainFileRegionTruncatedAfterMapping() throws Exception {
        Path file = dir.resolve("region.bin");
        TensorInfo k = new TensorInfo("k", DType.F32, new long[] {N, N});
        Files.write(file, kernelBytes(k).array());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            PositionalData region = Positionals.of(new FileRegionData(k, file, ch, 0, false));
            assertFailsNamingTheFile(new TruncatedOnceMapped(region, file), file);
        }
    }

    @Test
    void tensorflowBundleKernelTruncatedAfterMapping() throws Exception {
        Path prefix = dir.resolve("model.ckpt");
        TensorInfo k = new TensorInfo("dense/kernel", DType.F32, new long[] {N, N});
        try (TfCheckpointWriter w = TfCheckpointWriter.create(prefix, List.of(k))) {
            w.write(new HeapData(k, kernelBytes(k)));
            w.finish();
        }
        Path shard = dev.hubkit.converters.tensorflow.BundlePaths.data(prefix, 0, 1);
        try (TfCheckpointReader r = TfCheckpointReader.open(prefix)) {
            PositionalData bundle = (PositionalData) r.data("dense/kernel");
            assertThat(bundle.splitCrc32c()).as("CRC-32C checked on the mapped path").isTrue();
            assertFailsNamingTheFile(new TruncatedOnceMapped(bundle, shard), shard);
        }
    }

    private static void assertFailsNamingTheFile(PositionalData source, Path file) {
        TransposedData t = new TransposedData(source, "k.T", TransposedData.STAGE_LIMIT, TransposedData.BAND_BYTES,
                0, true);
        long mapped = TransposedData.MAPPED_KERNELS.get();
        Throwable failure = null;
        try {
            t.read(chunk -> { });
        } catch (Throwable e) {
            failure = e;
        }
        if (!(failure instanceof FormatException)) {
            throw new AssertionError("expected a FormatException, got " + failure, failure);
        }
        assertThat(failure).hasMessageContaining(file.toString()).hasMessageContaining("changed while being read")
                .hasMessageContaining("convert again from a complete file");
        assertThat(TransposedData.MAPPED_KERNELS.get() - mapped).as("transposed from the map").isEqualTo(1);
    }

    private static ByteBuffer kernelBytes(TensorInfo k) {
        ByteBuffer b = ByteBuffer.allocate((int) k.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; b.hasRemaining(); i++) {
            b.putFloat(i * 0.25f);
        }
        return b.flip();
    }

    /** {@code source}, whose file is cut to 4 KiB right after its map is made. */
    private record TruncatedOnceMapped(PositionalData source, Path file) implements PositionalData {
        @Override
        public TensorInfo info() {
            return source.info();
        }

        @Override
        public void read(ChunkSink sink) throws IOException {
            source.read(sink);
        }

        @Override
        public ByteBuffer buffer() throws IOException {
            return source.buffer();
        }

        @Override
        public void readAt(long offset, ByteBuffer dst) throws IOException {
            source.readAt(offset, dst);
        }

        @Override
        public void readAll(ByteBuffer dst) throws IOException {
            source.readAll(dst);
        }

        @Override
        public boolean mappable() {
            return source.mappable();
        }

        @Override
        public MappedByteBuffer mappedView() throws IOException {
            MappedByteBuffer view = source.mappedView();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(4096);
            }
            return view;
        }

        @Override
        public Path file() {
            return source.file();
        }

        @Override
        public void checkUnchanged() throws IOException {
            source.checkUnchanged();
        }

        @Override
        public boolean checksOnReadAll() {
            return source.checksOnReadAll();
        }

        @Override
        public boolean splitCrc32c() {
            return source.splitCrc32c();
        }

        @Override
        public void checkCrc32c(int crc) {
            source.checkCrc32c(crc);
        }

        @Override
        public void verify() throws IOException {
            source.verify();
        }
    }
}
