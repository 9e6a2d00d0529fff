package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.converters.keras.KerasH5Reader;
import dev.hubkit.converters.keras.KerasH5Writer;
import dev.hubkit.converters.tensorflow.TfCheckpointReader;
import dev.hubkit.converters.tensorflow.TfCheckpointWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import io.jhdf.HdfFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TensorFlow checkpoint converted to a TensorFlow checkpoint, and Keras H5 to Keras H5, keep every name as stored:
 * no architecture is needed and a plain Keras model's layers ({@code hidden/kernel:0}, whose first component is the
 * layer, not a model scope) are not renamed.
 */
class SameFormatTfConvertTest {
    @TempDir
    Path dir;

    private static final List<TensorInfo> KERAS = List.of(
            new TensorInfo("hidden/kernel:0", DType.F32, new long[] {2, 3}),
            new TensorInfo("hidden/bias:0", DType.F32, new long[] {3}),
            new TensorInfo("output/kernel:0", DType.F32, new long[] {3, 1}),
            new TensorInfo("output/bias:0", DType.F32, new long[] {1}));

    private static void write(TensorWriter w, List<TensorInfo> plan) throws Exception {
        float v = 0.5f;
        for (TensorInfo t : plan) {
            ByteBuffer b = ByteBuffer.allocate((int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                if (t.dtype() == DType.I64) {
                    b.putLong(7);
                } else {
                    b.putFloat(v);
                    v += 1.25f;
                }
            }
            w.write(new HeapData(t, b.flip()));
        }
        w.finish();
    }

    /** name → "DTYPE [shape] sha256" of every tensor. */
    private static Map<String, String> contents(Path p) {
        Map<String, String> out = new TreeMap<>();
        for (Inspection.Tensor t : Inspector.inspect(p).tensors()) {
            out.put(t.name(), t.dtype() + " " + java.util.Arrays.toString(t.shape()) + " " + t.sha256());
        }
        return out;
    }

    @Test
    void plainKerasWeightsConvertToKerasH5UnderTheirOwnNames() throws Exception {
        Path src = dir.resolve("model.h5");
        try (TensorWriter w = KerasH5Writer.create(src, KERAS)) {
            write(w, KERAS);
        }
        Path dst = dir.resolve("copy.h5");
        ConversionResult r = Converter.convert(src, dst, new ConvertOptions(null, null, 0, true), null);
        assertThat(r.verified()).isTrue();
        assertThat(contents(dst)).isEqualTo(contents(src));
        try (HdfFile h5 = new HdfFile(dst)) { // the layers are the source's, not a made-up model scope
            assertThat(h5.getChildren().keySet()).containsExactlyInAnyOrder("hidden", "output");
        }
        try (TensorReader back = KerasH5Reader.open(dst)) {
            assertThat(back.tensors()).extracting(TensorInfo::name).containsExactlyInAnyOrder("hidden/kernel:0",
                    "hidden/bias:0", "output/kernel:0", "output/bias:0");
        }
    }

    @Test
    void tfCheckpointConvertsToTfCheckpointUnderItsOwnNamesWithCast() throws Exception {
        List<TensorInfo> plan = List.of(
                new TensorInfo("dense/kernel", DType.F32, new long[] {2, 3}),
                new TensorInfo("dense/bias", DType.F32, new long[] {3}),
                new TensorInfo("global_step", DType.I64, new long[] {}));
        Path src = dir.resolve("src").resolve("model.ckpt");
        java.nio.file.Files.createDirectories(src.getParent());
        try (TensorWriter w = TfCheckpointWriter.create(src, plan, TfCheckpointWriter.DEFAULT_MAX_SHARD_BYTES)) {
            write(w, plan);
        }
        Path dst = dir.resolve("out").resolve("model.ckpt");
        ConversionResult r = Converter.convert(src, dst,
                new ConvertOptions(TargetFormat.TF_CHECKPOINT, DType.BF16, 0, true), null);
        assertThat(r.verified()).isTrue();
        try (TfCheckpointReader out = TfCheckpointReader.open(dst)) {
            Map<String, DType> types = new TreeMap<>();
            out.tensors().forEach(t -> types.put(t.name(), t.dtype()));
            // kept, named as stored (no mapping drops global_step or renames kernel), floats cast
            assertThat(types).isEqualTo(Map.of("dense/kernel", DType.BF16, "dense/bias", DType.BF16,
                    "global_step", DType.I64));
        }
    }

    @Test
    void nestedKerasLayersKeepTheGroupsTheyWereStoredIn() throws Exception {
        // as Keras 2 saves a Bidirectional layer: group 'bidirectional' holds weights whose second name component
        // ('forward_lstm') is no layer of the model; regrouping under it would break load_weights by topology
        Path src = dir.resolve("nested.h5");
        String fwd = "bidirectional/forward_lstm/lstm_cell/kernel:0";
        String bwd = "bidirectional/backward_lstm/lstm_cell/kernel:0";
        io.jhdf.WritableHdfFile h = HdfFile.write(src);
        h.putAttribute("layer_names", new String[] {"bidirectional", "dense"});
        io.jhdf.api.WritableGroup bi = h.putGroup("bidirectional");
        bi.putAttribute("weight_names", new String[] {fwd, bwd});
        io.jhdf.api.WritableGroup inner = bi.putGroup("bidirectional");
        inner.putGroup("forward_lstm").putGroup("lstm_cell").putDataset("kernel:0", new float[][] {{1, 2}, {3, 4}});
        inner.putGroup("backward_lstm").putGroup("lstm_cell").putDataset("kernel:0", new float[][] {{5, 6}, {7, 8}});
        io.jhdf.api.WritableGroup dense = h.putGroup("dense");
        dense.putAttribute("weight_names", new String[] {"dense/kernel:0"});
        dense.putGroup("dense").putDataset("kernel:0", new float[][] {{9}, {10}});
        h.close();

        Path dst = dir.resolve("nested-copy.h5");
        ConversionResult r = Converter.convert(src, dst, new ConvertOptions(null, null, 0, true), null);
        assertThat(r.verified()).isTrue();
        assertThat(contents(dst)).isEqualTo(contents(src));
        try (HdfFile out = new HdfFile(dst)) {
            assertThat(out.getChildren().keySet()).containsExactlyInAnyOrder("bidirectional", "dense");
        }
        try (KerasH5Reader back = KerasH5Reader.open(dst)) {
            assertThat(back.layerOf(fwd)).contains("bidirectional");
            assertThat(back.layerOf(bwd)).contains("bidirectional");
            assertThat(back.layerOf("dense/kernel:0")).contains("dense");
        }
    }
}
