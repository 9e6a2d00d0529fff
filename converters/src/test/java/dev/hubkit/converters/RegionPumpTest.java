package dev.hubkit.converters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.cast.CastData;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two-thread region copy: bytes, casts (every bit pattern, so NaN and rounding too) and combined
 * checksums equal the plain streaming path's.
 */
class RegionPumpTest {
    @TempDir
    Path dir;

    @Test
    void combinedCrcsEqualOnePass() {
        Random random = new Random(11);
        byte[] bytes = new byte[200_003];
        random.nextBytes(bytes);
        for (int split : new int[] {0, 1, 7, 4096, 100_000, 199_999, bytes.length}) {
            for (boolean castagnoli : new boolean[] {false, true}) {
                Checksum all = castagnoli ? new CRC32C() : new CRC32();
                Checksum a = castagnoli ? new CRC32C() : new CRC32();
                Checksum b = castagnoli ? new CRC32C() : new CRC32();
                all.update(bytes, 0, bytes.length);
                a.update(bytes, 0, split);
                b.update(bytes, split, bytes.length - split);
                int combined = CrcMath.combine(castagnoli ? CrcMath.CRC32C : CrcMath.CRC32, (int) a.getValue(),
                        (int) b.getValue(), bytes.length - split);
                assertThat(combined).as("split at %d, crc32c %s", split, castagnoli).isEqualTo((int) all.getValue());
            }
        }
    }

    @Test
    void combineHandlesLengthsPastFourGigabytes() {
        // crc(A || B || B) for a 2 GiB B: combining B twice must equal combining (B || B), 4 GiB, at once
        int crcA = 0x12345678;
        int zeros2g = 0x0BADF00D; // the CRC of some 2 GiB run B
        int stepwise = CrcMath.combine(CrcMath.CRC32, CrcMath.combine(CrcMath.CRC32, crcA, zeros2g, 1L << 31),
                zeros2g, 1L << 31);
        int oneStep = CrcMath.combine(CrcMath.CRC32, crcA, CrcMath.combine(CrcMath.CRC32, zeros2g, zeros2g, 1L << 31),
                1L << 32);
        assertThat(oneStep).isEqualTo(stepwise);
    }

    @ParameterizedTest
    @CsvSource({
        // from, to (empty: no cast), elements; sizes around the two-thread split and chunk boundaries
        "F32,,5", "F32,,1200001", "F32,BF16,1200001", "F32,F16,1048577", "BF16,F32,2500001", "F16,F32,2097152",
        "F16,BF16,2100003", "BF16,F16,7", "F16,,3000001", "U8,,5000001"})
    void transfersMatchTheStreamingPath(DType from, DType to, int elements) throws Exception {
        Random random = new Random(elements);
        byte[] src = new byte[elements * from.byteSize()];
        random.nextBytes(src); // every bit pattern: NaNs, infinities, subnormals, ties
        Path file = dir.resolve("src.bin");
        byte[] withPrefix = new byte[src.length + 13];
        System.arraycopy(src, 0, withPrefix, 13, src.length);
        Files.write(file, withPrefix);
        TensorInfo info = new TensorInfo("t", from, new long[] {elements});
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            FileRegionData region = new FileRegionData(info, file, in, 13, false);
            TensorData reference = to == null ? region : CastData.wrap(region, to);
            assertThat(RegionPump.rawRegion(reference)).isSameAs(region);
            byte[] want = streamed(reference);
            for (RegionPump.Sum sum : RegionPump.Sum.values()) {
                Path out = dir.resolve("out-" + sum + ".bin");
                int crc;
                try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        StandardOpenOption.READ); RegionPump pump = new RegionPump()) {
                    ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                    crc = pump.transfer(region, to, ch, 3, sum);
                    assertThat(ch.position()).as("position untouched").isEqualTo(3);
                }
                byte[] got = Files.readAllBytes(out);
                assertThat(Arrays.copyOfRange(got, 3, got.length)).as("bytes with %s", sum).isEqualTo(want);
                if (sum == RegionPump.Sum.NONE) {
                    assertThat(crc).isZero();
                } else {
                    Checksum c = sum == RegionPump.Sum.CRC32 ? new CRC32() : new CRC32C();
                    c.update(want, 0, want.length);
                    assertThat(crc).as("checksum %s", sum).isEqualTo((int) c.getValue());
                }
            }
        }
    }

    @Test
    void truncatedSourceIsAFormatException() throws Exception {
        Path file = dir.resolve("short.bin");
        Files.write(file, new byte[(5 << 20) - 100]);
        TensorInfo info = new TensorInfo("cut", DType.F32, new long[] {(5 << 20) / 4});
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(dir.resolve("o.bin"), StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE); RegionPump pump = new RegionPump()) {
            FileRegionData region = new FileRegionData(info, file, in, 0, false);
            assertThatThrownBy(() -> pump.transfer(region, DType.BF16, out, 0, RegionPump.Sum.CRC32))
                    .isInstanceOf(FormatException.class).hasMessageContaining("short.bin")
                    .hasMessageContaining("'cut'").hasMessageContaining("truncated");
        }
    }

    @ParameterizedTest
    @CsvSource({"NONE", "CRC32", "CRC32C"})
    void truncatedSourceOfAKernelCopyIsAFormatException(RegionPump.Sum sum) throws Exception {
        Path file = dir.resolve("short-" + sum + ".bin");
        Files.write(file, new byte[(5 << 20) - 100]);
        TensorInfo info = new TensorInfo("cut", DType.F32, new long[] {(5 << 20) / 4});
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(dir.resolve("o-" + sum + ".bin"), StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE); RegionPump pump = new RegionPump()) {
            FileRegionData region = new FileRegionData(info, file, in, 0, false);
            assertThatThrownBy(() -> pump.transfer(region, null, out, 0, sum))
                    .isInstanceOf(FormatException.class).hasMessageContaining(file.getFileName().toString())
                    .hasMessageContaining("'cut'").hasMessageContaining("truncated");
            assertThat(out.position()).as("position restored").isZero();
        }
    }

    @Test
    void kernelCopiesLeaveThePositionAndAppendAfterOtherBytes() throws Exception {
        Random random = new Random(5);
        byte[] a = new byte[3 << 20];
        byte[] b = new byte[(2 << 20) + 12];
        random.nextBytes(a);
        random.nextBytes(b);
        Path file = dir.resolve("two.bin");
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        Files.write(file, both);
        Path out = dir.resolve("two-out.bin");
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             RegionPump pump = new RegionPump()) {
            FileRegionData second = new FileRegionData(new TensorInfo("b", DType.U8, new long[] {b.length}), file, in,
                    a.length, false);
            FileRegionData first = new FileRegionData(new TensorInfo("a", DType.U8, new long[] {a.length}), file, in,
                    0, false);
            ch.position(17);
            // written out of order: the second region first, at its final offset
            int crcB = pump.transfer(second, null, ch, a.length, RegionPump.Sum.CRC32);
            int crcA = pump.transfer(first, null, ch, 0, RegionPump.Sum.NONE);
            assertThat(ch.position()).isEqualTo(17);
            CRC32 want = new CRC32();
            want.update(b);
            assertThat(crcB).isEqualTo((int) want.getValue());
            assertThat(crcA).isZero();
        }
        assertThat(Files.readAllBytes(out)).isEqualTo(both);
    }

    private static byte[] streamed(TensorData data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        data.read(chunk -> {
            byte[] b = new byte[chunk.remaining()];
            chunk.duplicate().get(b);
            out.write(b);
        });
        return out.toByteArray();
    }
}
