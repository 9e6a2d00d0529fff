package dev.hubkit.converters.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.TensorBytes;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.convert.ConversionResult;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.ProgressListener;
import dev.hubkit.converters.convert.TargetFormat;
import dev.hubkit.converters.keras.KerasH5Reader;
import dev.hubkit.converters.keras.KerasH5Writer;
import dev.hubkit.converters.safetensors.SafetensorsReader;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code --allow-unmapped}, a tensor whose mapped name an earlier tensor already has keeps its own
 * name (as the TF writers did already): none is lost.
 * Regression: a Keras Sequential file ({@code hidden/kernel:0}, {@code output/kernel:0}, as Keras 2 saves
 * {@code model.save_weights}) lost half its tensors, both kernels becoming {@code weight}, and --verify passed.
 */
class UnmappedClashTest {
    @TempDir
    Path dir;

    @Test
    void laterTensorsOfAClashKeepTheirOwnNames() {
        long[] m = {2, 2};
        List<TensorInfo> tensors = List.of(new TensorInfo("hidden/kernel:0", DType.F32, m),
                new TensorInfo("output/kernel:0", DType.F32, m), new TensorInfo("tf_x/bert/pooler/dense/bias:0",
                        DType.F32, new long[] {2}));
        NameMapping lenient = NameMapping.forArchitecture("bert", List.of(), true);
        Map<String, MappedName> out = NameMapping.keepingOwnNames("bert", lenient.toPt(tensors));
        assertThat(out).containsEntry("hidden/kernel:0", new MappedName("weight", true))
                .containsEntry("output/kernel:0", new MappedName("output/kernel:0", false))
                .containsEntry("tf_x/bert/pooler/dense/bias:0", new MappedName("bert.pooler.dense.bias", false));
        assertThatThrownBy(() -> NameMapping.forArchitecture("bert", List.of(), false).toPt(tensors))
                .isInstanceOf(UnmappedNamesException.class).hasMessageContaining("output/kernel:0 -> weight (duplicate: hidden/kernel:0 maps there too)");
    }

    @Test
    void namesOfAnotherArchitectureAreRefusedUnderTheChosenOne() {
        List<String> bert = List.of("bert.embeddings.word_embeddings.weight", "bert.encoder.layer.0.output.dense.weight");
        List<String> gpt2 = List.of("transformer.wte.weight", "transformer.h.0.attn.c_attn.weight");
        assertThatThrownBy(() -> NameMapping.forArchitecture("gpt2", bert, false))
                .isInstanceOf(UnmappedNamesException.class)
                .hasMessageContaining("the tensor names are bert names (e.g. bert.embeddings.word_embeddings.weight), not gpt2")
                .hasMessageContaining("--arch bert");
        assertThatThrownBy(() -> NameMapping.forArchitecture("t5", bert, false))
                .isInstanceOf(UnmappedNamesException.class).hasMessageContaining("not t5");
        assertThatThrownBy(() -> NameMapping.forArchitecture("bert", gpt2, false))
                .isInstanceOf(UnmappedNamesException.class).hasMessageContaining("are gpt2 names");
        // what the chosen row knows, names that suggest no architecture, and --allow-unmapped still pass
        NameMapping.forArchitecture("bert", bert, false);
        NameMapping.forArchitecture("gpt2", gpt2, false);
        NameMapping.forArchitecture("bert", List.of("embeddings.word_embeddings.weight", "pooler.dense.weight"), false);
        NameMapping.forArchitecture("gpt2", bert, true);
    }

    @Test
    void ownNameThatClashesWithAMappedNameIsResolvedToo() {
        Map<String, MappedName> mapped = new LinkedHashMap<>();
        mapped.put("a", new MappedName("", false));           // maps to nothing: keeps "a"
        mapped.put("b", new MappedName("a", true));           // maps onto that own name: keeps "b"
        mapped.put("c", new MappedName("x", true));
        Map<String, MappedName> out = NameMapping.keepingOwnNames("bert", mapped);
        assertThat(out).containsExactly(Map.entry("a", new MappedName("a", false)),
                Map.entry("b", new MappedName("b", false)), Map.entry("c", new MappedName("x", true)));
    }

    @Test
    void kerasSequentialWeightsConvertWithoutLosingTensors() throws Exception {
        Path h5 = sequentialKerasFile();
        Path out = dir.resolve("out.safetensors");
        ConversionResult r = Converter.convert(h5, out, new ConvertOptions(TargetFormat.SAFETENSORS, null, 0, true,
                Map.of(), "bert", true), ProgressListener.none());
        assertThat(r.tensors()).isEqualTo(4);
        Map<String, String> sourceHashes = new LinkedHashMap<>();
        try (TensorReader src = KerasH5Reader.open(h5)) {
            for (TensorInfo t : src.tensors()) {
                sourceHashes.put(t.name(), TensorBytes.sha256(src.data(t.name())));
            }
        }
        try (SafetensorsReader st = SafetensorsReader.open(out)) {
            assertThat(st.tensors()).extracting(TensorInfo::name)
                    .containsExactlyInAnyOrder("bias", "weight", "output/bias:0", "output/kernel:0");
            for (String own : List.of("output/bias:0", "output/kernel:0")) {
                assertThat(TensorBytes.sha256(st.data(own))).as(own).isEqualTo(sourceHashes.get(own));
            }
            assertThat(TensorBytes.sha256(st.data("bias"))).isEqualTo(sourceHashes.get("hidden/bias:0"));
            assertThat(st.info("weight").shape()).containsExactly(3, 2); // the hidden kernel, transposed
        }
    }

    /**
     * Keras to Keras with --allow-unmapped: a weight kept under its own name (already a Keras weight name,
     * {@code output/kernel:0}) is stored under exactly that name, not a second {@code :0} and scope, so --verify
     * finds it again; every weight comes back bit for bit.
     */
    @Test
    void kerasOwnNamesSurviveAKerasToKerasConversion() throws Exception {
        Path h5 = sequentialKerasFile();
        Path out = dir.resolve("k2k");
        ConversionResult r = Converter.convert(h5, out, new ConvertOptions(TargetFormat.KERAS_H5, null, 0, true,
                Map.of(), "bert", true), ProgressListener.none());
        assertThat(r.verified()).isTrue();
        try (TensorReader back = KerasH5Reader.open(out.resolve("tf_model.h5"));
             TensorReader src = KerasH5Reader.open(h5)) {
            assertThat(back.tensors()).extracting(TensorInfo::name).contains("output/kernel:0", "output/bias:0")
                    .noneMatch(n -> n.endsWith(":0:0"));
            for (String own : List.of("output/bias:0", "output/kernel:0")) {
                assertThat(TensorBytes.sha256(back.data(own))).isEqualTo(TensorBytes.sha256(src.data(own)));
            }
        }
    }

    /** A conversion whose output holds no tensor to write to Keras is refused before anything is written. */
    @Test
    void nothingToWriteToKerasIsRefusedWithoutAFile() throws Exception {
        Path empty = dir.resolve("empty.safetensors");
        try (var w = dev.hubkit.converters.safetensors.SafetensorsWriter.create(empty, List.of(), Map.of())) {
            w.finish();
        }
        Path out = dir.resolve("none");
        assertThatThrownBy(() -> Converter.convert(empty, out, new ConvertOptions(TargetFormat.KERAS_H5, null, 0, true,
                Map.of(), "bert", true), ProgressListener.none()))
                .isInstanceOf(dev.hubkit.converters.FormatException.class).hasMessageContaining("no weights to write");
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("empty.safetensors");
        }
    }

    private Path sequentialKerasFile() throws Exception {
        Path h5 = dir.resolve("seq.h5");
        List<TensorInfo> plan = List.of(new TensorInfo("hidden/kernel:0", DType.F32, new long[] {2, 3}),
                new TensorInfo("hidden/bias:0", DType.F32, new long[] {3}),
                new TensorInfo("output/kernel:0", DType.F32, new long[] {3, 1}),
                new TensorInfo("output/bias:0", DType.F32, new long[] {1}));
        try (KerasH5Writer w = KerasH5Writer.create(h5, plan)) {
            writeCounting(w, plan);
        }
        return h5;
    }

    /** Writes every planned F32 tensor filled with 1, 2, 3, ... (counting on across tensors) and finishes. */
    private static void writeCounting(dev.hubkit.converters.TensorWriter w, List<TensorInfo> plan) throws Exception {
        float v = 1;
        for (TensorInfo t : plan) {
            ByteBuffer b = ByteBuffer.allocate((int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < b.capacity() / 4; i++) {
                b.putFloat(i * 4, v++);
            }
            w.write(new HeapData(t, b));
        }
        w.finish();
    }

    /**
     * A TensorFlow checkpoint of no transformers architecture (e.g. tensorflow/serving's half_plus_two:
     * {@code a}, {@code conv2d/kernel}) could not be converted at all, even with --allow-unmapped ("cannot tell the
     * architecture"); with --allow-unmapped it now converts under the generic TF2 convention, bit for bit.
     */
    @Test
    void genericTfCheckpointConvertsWithAllowUnmapped() throws Exception {
        Path prefix = dir.resolve("variables");
        List<TensorInfo> plan = List.of(new TensorInfo("a", DType.F32, new long[0]),
                new TensorInfo("conv2d/bias", DType.F32, new long[] {2}),
                new TensorInfo("conv2d/kernel", DType.F32, new long[] {1, 1, 2, 2}),
                new TensorInfo("dense/kernel", DType.F32, new long[] {2, 3}));
        try (dev.hubkit.converters.tensorflow.TfCheckpointWriter w =
                     dev.hubkit.converters.tensorflow.TfCheckpointWriter.create(prefix, plan)) {
            writeCounting(w, plan);
        }
        Path index = dir.resolve("variables.index");
        Path out = dir.resolve("generic.safetensors");
        assertThatThrownBy(() -> Converter.convert(index, out, new ConvertOptions(TargetFormat.SAFETENSORS, null, 0,
                true, Map.of(), null, false), ProgressListener.none()))
                .hasMessageContaining("cannot tell the architecture").hasMessageContaining("--allow-unmapped");
        ConversionResult r = Converter.convert(index, out, new ConvertOptions(TargetFormat.SAFETENSORS, null, 0, true,
                Map.of(), null, true), ProgressListener.none());
        assertThat(r.tensors()).isEqualTo(4);
        assertThat(r.verified()).isTrue();
        try (SafetensorsReader st = SafetensorsReader.open(out);
             TensorReader src = dev.hubkit.converters.convert.Checkpoints.open(index)) {
            assertThat(st.tensors()).extracting(TensorInfo::name)
                    .containsExactlyInAnyOrder("a", "conv2d.bias", "conv2d.weight", "dense.weight");
            assertThat(TensorBytes.sha256(st.data("conv2d.weight"))).isEqualTo(TensorBytes.sha256(src.data("conv2d/kernel")));
            assertThat(st.info("dense.weight").shape()).containsExactly(3, 2);
        }
    }
}
