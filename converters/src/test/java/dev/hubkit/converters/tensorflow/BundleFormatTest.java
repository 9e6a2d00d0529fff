package dev.hubkit.converters.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.TensorBytes;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure-Java bundle format on its own: tables, snappy blocks, big-endian bundles and hostile input. */
class BundleFormatTest {
    @TempDir
    Path dir;

    private Path writeSample(String name, int tensors) throws IOException {
        Path prefix = dir.resolve(name);
        List<TensorInfo> plan = new ArrayList<>();
        for (int i = 0; i < tensors; i++) {
            plan.add(new TensorInfo(String.format("layer_%03d/dense/kernel", i), DType.F32, new long[] {3, 4}));
        }
        try (TfCheckpointWriter w = TfCheckpointWriter.create(prefix, plan)) {
            for (TensorInfo t : plan) {
                ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
                for (int k = 0; k < 12; k++) {
                    b.putFloat(k + t.name().hashCode());
                }
                w.write(new HeapData(t, b.flip()));
            }
            w.finish();
        }
        return prefix;
    }

    @Test
    void manyKeysSpanRestartPointsAndReadBack() throws IOException {
        Path prefix = writeSample("many", 300);
        try (TfCheckpointReader r = TfCheckpointReader.open(prefix)) {
            assertThat(r.tensors()).hasSize(300);
            assertThat(r.tensors().get(299).name()).isEqualTo("layer_299/dense/kernel");
            assertThat(r.data("layer_007/dense/kernel").buffer().getFloat(4))
                    .isEqualTo(1f + "layer_007/dense/kernel".hashCode());
        }
    }

    @Test
    void snappyCompressedBlocksRead() throws IOException {
        SortedTableWriter w = new SortedTableWriter(raw -> {
            try {
                return org.xerial.snappy.Snappy.compress(raw);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            keys.add(String.format("model/layer_with_weights-%04d/kernel/.ATTRIBUTES/VARIABLE_VALUE", i));
        }
        for (String k : keys) {
            w.add(k, k.getBytes());
        }
        Path file = dir.resolve("snappy.index");
        Files.write(file, w.finish());
        List<SortedTable.Entry> entries = SortedTable.read(file);
        assertThat(entries).extracting(SortedTable.Entry::key).isEqualTo(keys);
        assertThat(TfCheckpointReader.utf8(entries.get(42).value())).isEqualTo(keys.get(42));
    }

    @Test
    void bigEndianBundlesAreSwappedOnRead() throws IOException {
        Path prefix = dir.resolve("be");
        ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN).putFloat(1.5f).putFloat(-2f).putFloat(3f);
        data.flip();
        Files.write(BundlePaths.data(prefix, 0, 1), data.array());
        SortedTableWriter t = new SortedTableWriter();
        t.add("", new BundleHeader(1, true, 1).serialize());
        t.add("w", new BundleEntry(DType.F32.tfEnum(), new long[] {3}, 0, 0, 12, MaskedCrc.of(data), false).serialize());
        Files.write(BundlePaths.index(prefix), t.finish());
        try (TfCheckpointReader r = TfCheckpointReader.open(BundlePaths.index(prefix))) {
            assertThat(r.header().bigEndian()).isTrue();
            ByteBuffer b = TensorBytes.copy(r.data("w"));
            assertThat(new float[] {b.getFloat(0), b.getFloat(4), b.getFloat(8)}).containsExactly(1.5f, -2f, 3f);
            assertThat(r.data("w").buffer().getFloat(4)).isEqualTo(-2f);
        }
    }

    @Test
    void aTypeTensorFlowLacksIsRefusedBeforeAnyFileIsMade() throws IOException {
        Path prefix = dir.resolve("mx");
        List<TensorInfo> plan = List.of(new TensorInfo("w", DType.F32, new long[] {2}),
                new TensorInfo("w_scale", DType.F8_E8M0, new long[] {2}));
        assertThatThrownBy(() -> TfCheckpointWriter.create(prefix, plan)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'w_scale' is F8_E8M0").hasMessageContaining("safetensors or PyTorch");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void badMagicIsRefused() throws IOException {
        Path prefix = writeSample("magic", 2);
        flip(BundlePaths.index(prefix), -1);
        assertThatThrownBy(() -> TfCheckpointReader.open(prefix)).isInstanceOf(FormatException.class)
                .hasMessageContaining("magic.index").hasMessageContaining("bad magic");
    }

    @Test
    void indexBlockCrcMismatchIsRefused() throws IOException {
        Path prefix = writeSample("crc", 2);
        flip(BundlePaths.index(prefix), 10);
        assertThatThrownBy(() -> TfCheckpointReader.open(prefix)).isInstanceOf(FormatException.class)
                .hasMessageContaining("CRC mismatch").hasMessageContaining("crc.index");
    }

    @Test
    void dataCrcMismatchNamesFileAndTensorAndLeavesNoOutput() throws IOException {
        Path prefix = writeSample("data", 3);
        flip(BundlePaths.data(prefix, 0, 1), 50);
        Path out = dir.resolve("out").resolve("copy");
        try (TfCheckpointReader r = TfCheckpointReader.open(prefix)) {
            assertThatThrownBy(() -> {
                try (TfCheckpointWriter w = TfCheckpointWriter.create(out, r.tensors())) {
                    for (TensorInfo t : r.tensors()) {
                        w.write(r.data(t.name()));
                    }
                    w.finish();
                }
            }).isInstanceOf(FormatException.class).hasMessageContaining("data.data-00000-of-00001")
                    .hasMessageContaining("CRC mismatch in tensor 'layer_001/dense/kernel'");
            assertThatThrownBy(() -> r.data("layer_001/dense/kernel").buffer()).isInstanceOf(FormatException.class);
        }
        try (Stream<Path> left = Files.list(out.getParent())) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void truncatedShardIsRefusedNamingTheTensor() throws IOException {
        Path prefix = writeSample("trunc", 3);
        try (FileChannel ch = FileChannel.open(BundlePaths.data(prefix, 0, 1), StandardOpenOption.WRITE)) {
            ch.truncate(100);
        }
        assertThatThrownBy(() -> TfCheckpointReader.open(prefix)).isInstanceOf(FormatException.class)
                .hasMessageContaining("trunc.data-00000-of-00001").hasMessageContaining("'layer_002/dense/kernel'")
                .hasMessageContaining("points past the end");
    }

    @Test
    void lyingShapesAndMissingShardsAreRefused() throws IOException {
        Path prefix = dir.resolve("liar");
        Files.write(BundlePaths.data(prefix, 0, 2), new byte[16]);
        SortedTableWriter t = new SortedTableWriter();
        t.add("", new BundleHeader(2, false, 1).serialize());
        t.add("w", new BundleEntry(DType.F32.tfEnum(), new long[] {5, 5}, 0, 0, 16, 0, false).serialize());
        Files.write(BundlePaths.index(prefix), t.finish());
        assertThatThrownBy(() -> TfCheckpointReader.open(prefix)).isInstanceOf(FormatException.class)
                .hasMessageContaining("liar.data-00001-of-00002").hasMessageContaining("missing");
        Files.write(BundlePaths.data(prefix, 1, 2), new byte[0]);
        assertThatThrownBy(() -> TfCheckpointReader.open(prefix)).isInstanceOf(FormatException.class)
                .hasMessageContaining("tensor 'w' claims shape [5, 5]").hasMessageContaining("holds 16 bytes");
    }

    @Test
    void randomCorruptionOnlyEverRaisesFormatException() throws IOException {
        Path prefix = writeSample("fuzz", 40);
        byte[] good = Files.readAllBytes(BundlePaths.index(prefix));
        Random rnd = new Random(7);
        for (int i = 0; i < 400; i++) {
            byte[] bad = good.clone();
            int n = 1 + rnd.nextInt(4);
            for (int k = 0; k < n; k++) {
                bad[rnd.nextInt(bad.length)] ^= (byte) (1 + rnd.nextInt(255));
            }
            if (rnd.nextInt(4) == 0) {
                bad = java.util.Arrays.copyOf(bad, rnd.nextInt(bad.length));
            }
            Files.write(BundlePaths.index(prefix), bad);
            try (TfCheckpointReader r = TfCheckpointReader.open(prefix)) {
                for (TensorInfo info : r.tensors()) {
                    TensorBytes.sha256(r.data(info.name()));
                }
            } catch (FormatException expected) {
                assertThat(expected.getMessage()).contains("fuzz.");
            }
        }
    }

    private static void flip(Path file, int at) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int i = at < 0 ? b.length + at : at;
        b[i] ^= 0x5A;
        Files.write(file, b);
    }
}
