package dev.hubkit.converters.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.Inspection;
import dev.hubkit.converters.convert.Inspector;
import dev.hubkit.converters.convert.ProgressListener;
import dev.hubkit.converters.convert.TargetFormat;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readable names of TF2 object-graph checkpoints whose variables share a {@code full_name}. */
class ObjectGraphNamesTest {
    private static final String S = TfCheckpointReader.VARIABLE_SUFFIX;

    /** A {@code TrackableObjectGraph} with one node per (checkpoint key, full_name) pair. */
    private static ByteBuffer graph(String... keyAndFullName) {
        ProtoWire.Writer g = new ProtoWire.Writer();
        for (int i = 0; i < keyAndFullName.length; i += 2) {
            byte[] attr = new ProtoWire.Writer().stringField(1, "VARIABLE_VALUE").stringField(2, keyAndFullName[i + 1])
                    .stringField(3, keyAndFullName[i]).toBytes();
            g.bytesField(1, new ProtoWire.Writer().bytesField(2, attr).toBytes());
        }
        return ByteBuffer.wrap(g.toBytes());
    }

    @Test
    void collidingFullNamesAreAllNamedByObjectPathWhateverTheOrder() {
        // tf.Module with three unnamed tf.Variable: all "Variable:0"; one named variable keeps its full name
        Map<String, String> full = ObjectGraph.fullNames(graph("model/w" + S, "Variable:0", "model/b" + S, "Variable:0",
                "model/c" + S, "Variable:0", "model/d" + S, "dense/kernel:0"));
        List<String> keys = new ArrayList<>(List.of("model/w" + S, "model/b" + S, "model/c" + S, "model/d" + S));
        Map<String, String> names = TfCheckpointReader.uniqueNames(keys, full);
        assertThat(names).containsEntry("model/w" + S, "model/w").containsEntry("model/b" + S, "model/b")
                .containsEntry("model/c" + S, "model/c").containsEntry("model/d" + S, "dense/kernel");
        Collections.reverse(keys);
        assertThat(TfCheckpointReader.uniqueNames(keys, full)).isEqualTo(names);
    }

    @Test
    void twoLayersWithOneNameAndAPathClashingWithAFullName() {
        // two layers both "dense/kernel"; a third variable whose full_name is the first one's object path
        Map<String, String> full = Map.of("a/kernel" + S, "dense/kernel:0", "b/kernel" + S, "dense/kernel:0",
                "c" + S, "a/kernel:0");
        Map<String, String> names = TfCheckpointReader.uniqueNames(List.of("a/kernel" + S, "b/kernel" + S, "c" + S),
                full);
        assertThat(names.values()).doesNotHaveDuplicates().doesNotContain("dense/kernel");
        assertThat(names).containsEntry("b/kernel" + S, "b/kernel");
    }

    @Test
    void withoutObjectGraphTheSuffixIsStrippedAndSlotsKeepTheirPath() {
        Map<String, String> names = TfCheckpointReader.uniqueNames(List.of("a" + S, "plain/name",
                "a/.OPTIMIZER_SLOT/optimizer/m" + S, "save_counter" + S), Map.of());
        assertThat(names).containsEntry("a" + S, "a").containsEntry("plain/name", "plain/name")
                .containsEntry("a/.OPTIMIZER_SLOT/optimizer/m" + S, "a/.OPTIMIZER_SLOT/optimizer/m")
                .containsEntry("save_counter" + S, "save_counter");
        // a slot variable's full_name carries no mark of the optimizer: its path does
        Map<String, String> slot = TfCheckpointReader.uniqueNames(List.of("a/.OPTIMIZER_SLOT/optimizer/m" + S),
                Map.of("a/.OPTIMIZER_SLOT/optimizer/m" + S, "dense/kernel/m:0"));
        assertThat(slot).containsEntry("a/.OPTIMIZER_SLOT/optimizer/m" + S, "a/.OPTIMIZER_SLOT/optimizer/m");
    }

    @TempDir
    Path dir;

    /**
     * A TF2 object-based checkpoint as {@code tf.train.Checkpoint(model=M()).write} makes it for a {@code tf.Module}
     * with unnamed variables: every variable's full_name is {@code Variable:0}; one named {@code dense/kernel}.
     */
    private Path moduleCheckpoint() throws Exception {
        Path prefix = dir.resolve("ckpt");
        List<TensorInfo> plan = List.of(new TensorInfo("model/b" + S, DType.F32, new long[] {4}),
                new TensorInfo("model/d" + S, DType.F32, new long[] {2}),
                new TensorInfo("model/w" + S, DType.F32, new long[] {3, 4}),
                new TensorInfo("model/w/.OPTIMIZER_SLOT/optimizer/m" + S, DType.F32, new long[] {3, 4}));
        try (TfCheckpointWriter w = TfCheckpointWriter.create(prefix, plan)) {
            for (TensorInfo t : plan) {
                w.write(new HeapData(t, ByteBuffer.allocate((int) t.byteSize())));
            }
            w.finish();
        }
        ByteBuffer graph = graph("model/w" + S, "Variable:0", "model/b" + S, "Variable:0", "model/d" + S,
                "dense/kernel:0", "model/w/.OPTIMIZER_SLOT/optimizer/m" + S, "Variable:0");
        addObjectGraph(prefix, graph);
        return prefix;
    }

    /** Appends {@code graph} as the scalar string tensor {@value TfCheckpointReader#OBJECT_GRAPH_KEY}. */
    private static void addObjectGraph(Path prefix, ByteBuffer graph) throws Exception {
        byte[] value = new byte[graph.remaining()];
        graph.get(value);
        ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value.length);
        CRC32C lengths = new CRC32C();
        lengths.update(len.duplicate());
        ByteBuffer lengthsCrc = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0, MaskedCrc.mask((int) lengths.getValue()));
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        for (long v = value.length; ; v >>>= 7) { // varint64 length
            if (v < 0x80) {
                stored.write((int) v);
                break;
            }
            stored.write((int) (v & 0x7F) | 0x80);
        }
        stored.write(lengthsCrc.array());
        stored.write(value);
        CRC32C crc = new CRC32C();
        crc.update(len.array());
        crc.update(lengthsCrc.array());
        crc.update(value);
        Path data = BundlePaths.data(prefix, 0, 1);
        long offset = Files.size(data);
        Files.write(data, stored.toByteArray(), StandardOpenOption.APPEND);
        BundleEntry entry = new BundleEntry(BundleEntry.DT_STRING, new long[0], 0, offset, stored.size(),
                MaskedCrc.mask((int) crc.getValue()), false);
        List<SortedTable.Entry> old = SortedTable.read(BundlePaths.index(prefix));
        SortedTableWriter table = new SortedTableWriter();
        boolean added = false;
        for (SortedTable.Entry e : old) {
            if (!added && e.key().compareTo(TfCheckpointReader.OBJECT_GRAPH_KEY) > 0) {
                table.add(TfCheckpointReader.OBJECT_GRAPH_KEY, entry.serialize());
                added = true;
            }
            byte[] v = new byte[e.value().remaining()];
            e.value().duplicate().get(v);
            table.add(e.key(), v);
        }
        Files.write(BundlePaths.index(prefix), table.finish());
    }

    @Test
    void aModuleCheckpointConvertsUnderConsistentNames() throws Exception {
        Path prefix = moduleCheckpoint();
        try (TfCheckpointReader r = TfCheckpointReader.open(prefix)) {
            assertThat(r.readableNames()).containsEntry("model/w" + S, "model/w").containsEntry("model/b" + S, "model/b")
                    .containsEntry("model/d" + S, "dense/kernel")
                    .containsEntry("model/w/.OPTIMIZER_SLOT/optimizer/m" + S, "model/w/.OPTIMIZER_SLOT/optimizer/m");
        }
        Path out = dir.resolve("out.safetensors");
        Converter.convert(prefix, out, new ConvertOptions(null, null, 0, true, Map.of(), null, true),
                ProgressListener.none());
        assertThat(Inspector.inspect(out).tensors()).extracting(Inspection.Tensor::name)
                .containsExactlyInAnyOrder("model.w", "model.b", "dense.weight"); // the optimizer slot is skipped
    }

    @Test
    void anObjectBasedCheckpointConvertsToANameBasedOneUnderItsVariablesNames() throws Exception {
        // the object graph is not written: under its keys (.../.ATTRIBUTES/VARIABLE_VALUE) no name-based restore
        // would find a variable, so they go under the names the object graph gives them
        Path prefix = moduleCheckpoint();
        Path out = dir.resolve("out").resolve("model.ckpt");
        Converter.convert(prefix, out, new ConvertOptions(TargetFormat.TF_CHECKPOINT, null, 0, true),
                ProgressListener.none());
        try (TfCheckpointReader back = TfCheckpointReader.open(out)) {
            assertThat(back.tensors()).extracting(TensorInfo::name).containsExactlyInAnyOrder("model/w", "model/b",
                    "dense/kernel", "model/w/.OPTIMIZER_SLOT/optimizer/m");
        }
    }
}
