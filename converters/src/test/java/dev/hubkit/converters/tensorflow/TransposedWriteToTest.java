package dev.hubkit.converters.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.RegionPump;
import dev.hubkit.converters.mapping.TransposedData;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TransposedData#writeTo}: TF checkpoint kernels (CRC-32C checked on read) transposed and written
 * with positional writes by several threads give the bytes of the in-order stream, with the CRC-32 (zip),
 * CRC-32C or no checksum of exactly those bytes; a corrupt kernel fails before any of its bytes is written.
 */
class TransposedWriteToTest {
    @TempDir
    Path dir;

    @Test
    void writesTheTransposeWithEachChecksum() throws Exception {
        // 1100 x 1024 F32 (4.3 MiB): read whole in two halves and transposed by the helper threads;
        // 37 x 53 F32 and 300 x 70 BF16: on the caller alone
        List<TensorInfo> plan = List.of(new TensorInfo("big/kernel", DType.F32, new long[] {1100, 1024}),
                new TensorInfo("small/kernel", DType.F32, new long[] {37, 53}),
                new TensorInfo("half/kernel", DType.BF16, new long[] {300, 70}));
        Path prefix = checkpoint(plan);
        try (TfCheckpointReader r = TfCheckpointReader.open(prefix)) {
            for (TensorInfo info : plan) {
                byte[] want = bytes(new TransposedData(r.data(info.name()), "t"));
                int rows = (int) info.shape()[0];
                int cols = (int) info.shape()[1];
                assertThat(want).isEqualTo(naive(source(info), rows, cols, info.dtype().byteSize()));
                for (RegionPump.Sum sum : RegionPump.Sum.values()) {
                    Path out = dir.resolve("out-" + sum + ".bin");
                    Files.deleteIfExists(out);
                    int got;
                    try (FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        o.position(3);
                        got = new TransposedData(r.data(info.name()), "t").writeTo(o, 11, sum);
                        assertThat(o.position()).as("channel position untouched").isEqualTo(3);
                    }
                    assertThat(got).as("%s of %s", sum, info.name()).isEqualTo(expected(sum, want));
                    byte[] file = Files.readAllBytes(out);
                    assertThat(Arrays.copyOfRange(file, 11, file.length)).as("%s %s", info.name(), sum).isEqualTo(want);
                }
            }
        }
    }

    @Test
    void corruptKernelFailsBeforeWritingAnything() throws Exception {
        TensorInfo info = new TensorInfo("dense/kernel", DType.F32, new long[] {1100, 1024});
        Path prefix = checkpoint(List.of(info));
        Path shard = dir.resolve("model.data-00000-of-00001");
        byte[] data = Files.readAllBytes(shard);
        data[data.length - 5] ^= 0x01;
        Files.write(shard, data);
        Path out = dir.resolve("out.bin");
        try (TfCheckpointReader r = TfCheckpointReader.open(prefix);
             FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (RegionPump.Sum sum : RegionPump.Sum.values()) {
                TransposedData t = new TransposedData(r.data("dense/kernel"), "t");
                assertThatThrownBy(() -> t.writeTo(o, 0, sum)).isInstanceOf(FormatException.class)
                        .hasMessageContaining("CRC mismatch in tensor 'dense/kernel'");
            }
        }
        assertThat(Files.size(out)).isZero();
    }

    private Path checkpoint(List<TensorInfo> plan) throws Exception {
        Path prefix = dir.resolve("model");
        try (TfCheckpointWriter w = TfCheckpointWriter.create(prefix, plan)) {
            for (TensorInfo info : plan) {
                w.write(new HeapData(info, ByteBuffer.wrap(source(info)).order(ByteOrder.LITTLE_ENDIAN)));
            }
            w.finish();
        }
        return prefix;
    }

    private static byte[] source(TensorInfo info) {
        byte[] b = new byte[(int) info.byteSize()];
        new Random(info.name().hashCode()).nextBytes(b);
        return b;
    }

    private static int expected(RegionPump.Sum sum, byte[] bytes) {
        return switch (sum) {
            case NONE -> 0;
            case CRC32 -> {
                CRC32 c = new CRC32();
                c.update(bytes);
                yield (int) c.getValue();
            }
            case CRC32C -> {
                CRC32C c = new CRC32C();
                c.update(bytes);
                yield (int) c.getValue();
            }
        };
    }

    private static byte[] bytes(TransposedData t) throws Exception {
        ByteBuffer all = ByteBuffer.allocate((int) t.byteSize());
        t.read(chunk -> all.put(chunk));
        return all.array();
    }

    /** Element (r, c) of a row-major {@code rows x cols} matrix moved to (c, r). */
    private static byte[] naive(byte[] src, int rows, int cols, int e) {
        byte[] out = new byte[src.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                System.arraycopy(src, (r * cols + c) * e, out, (c * rows + r) * e, e);
            }
        }
        return out;
    }
}
