package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.converters.mapping.MappedTensors;
import dev.hubkit.converters.mapping.NameMapping;
import dev.hubkit.converters.mapping.RenamedData;
import dev.hubkit.converters.mapping.UnmappedNamesException;
import dev.hubkit.converters.pytorch.TorchZipReader;
import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The TensorFlow formats through {@link Converter} and {@link Inspector}, on torch-made fixtures. */
class TfConvertTest {
    @TempDir
    Path dir;

    private Path fixture(String name) throws Exception {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/mapping/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    /** name → sha256, with the base prefix that TF adds to a headless GPT-2 state dict removed. */
    private static Map<String, String> hashes(Inspection inspection, String dropPrefix) {
        Map<String, String> out = new TreeMap<>();
        for (Inspection.Tensor t : inspection.tensors()) {
            String n = t.name().startsWith(dropPrefix) ? t.name().substring(dropPrefix.length()) : t.name();
            out.put(n + " " + t.dtype() + " " + java.util.Arrays.toString(t.shape()), t.sha256());
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"tiny_bert.bin,TF_CHECKPOINT,tf-checkpoint", "tiny_bert.bin,KERAS_H5,keras-h5",
        "tiny_gpt2.bin,TF_CHECKPOINT,tf-checkpoint", "tiny_gpt2.bin,KERAS_H5,keras-h5"})
    void pytorchToTensorflowAndBackIsBitIdentical(String name, TargetFormat target, String formatName) throws Exception {
        Path src = fixture(name);
        Path tf = dir.resolve("tf");
        ConversionResult written = Converter.convert(src, tf, new ConvertOptions(target, null, 0, true, null, null, false),
                ProgressListener.none());
        assertThat(written.verified()).isTrue();
        Inspection stored = Inspector.inspect(tf);
        assertThat(stored.format()).isEqualTo(formatName);
        assertThat(stored.tensors()).hasSize(written.tensors());

        Path back = dir.resolve("back.bin");
        ConversionResult read = Converter.convert(tf, back, new ConvertOptions(null, null, 0, true),
                ProgressListener.none());
        assertThat(read.verified()).isTrue();
        String prefix = name.contains("gpt2") ? "transformer." : "";
        assertThat(hashes(Inspector.inspect(back), prefix)).isEqualTo(hashes(Inspector.inspect(src), ""));
    }

    @Test
    void googleTf1CheckpointBesideATransformersConfigIsReadWithTf1Names() throws Exception {
        // Google's BERT releases ship bert_model.ckpt; a config.json (model_type bert) beside it must not make the
        // TF2 table map bert/encoder/layer_0/... to bert.encoder.layer_0...
        Path src = fixture("tiny_bert.bin");
        Path ckpt = dir.resolve("google").resolve("bert_model.ckpt");
        Converter.convert(src, ckpt, new ConvertOptions(null, null, 0, true, null, "bert-tf1", false),
                ProgressListener.none());
        Files.writeString(ckpt.resolveSibling("config.json"), "{\"model_type\": \"bert\"}");
        Path back = dir.resolve("back.safetensors");
        Converter.convert(ckpt.resolveSibling("bert_model.ckpt.index"), back, new ConvertOptions(null, null, 0, true),
                ProgressListener.none());
        assertThat(hashes(Inspector.inspect(back), "")).isEqualTo(hashes(Inspector.inspect(src), ""));
    }

    /**
     * transformers' TF models save safetensors with {@code "format": "tf"} and Keras names without the model
     * scope ({@code bert/encoder/layer_._0/.../kernel:0}); such a file converts to PyTorch names and layouts.
     */
    @Test
    void tensorflowSafetensorsConvertThroughTheTfMapping() throws Exception {
        Path src = fixture("tiny_bert.bin");
        Path st = dir.resolve("tf").resolve("model.safetensors");
        Files.createDirectories(st.getParent());
        try (TensorReader pt = TorchZipReader.open(src)) {
            NameMapping mapping =
                    NameMapping.forArchitecture("bert", List.of(), false);
            List<TensorData> keras =
                    MappedTensors.toKeras(pt, mapping);
            List<TensorInfo> plan = new ArrayList<>();
            List<TensorData> renamed = new ArrayList<>();
            for (TensorData d : keras) {
                String name = d.info().name().substring(d.info().name().indexOf('/') + 1); // strip the model scope
                renamed.add(new RenamedData(d, name));
                plan.add(new TensorInfo(name, d.info().dtype(), d.info().shape()));
            }
            assertThat(plan).extracting(TensorInfo::name)
                    .contains("bert/encoder/layer_._0/attention/self/query/kernel:0");
            try (TensorWriter w = SafetensorsWriter.create(st,
                    plan, Map.of("format", "tf"))) {
                for (TensorData d : renamed) {
                    w.write(d);
                }
                w.finish();
            }
        }
        assertThat(Inspector.inspect(st, null, true).tensors()).filteredOn(t -> t.name().equals(
                "bert/encoder/layer_._0/attention/self/query/kernel:0")).extracting(Inspection.Tensor::ptName)
                .containsExactly("bert.encoder.layer.0.attention.self.query.weight");
        Path back = dir.resolve("back.safetensors");
        assertThat(Converter.convert(st, back, new ConvertOptions(null, null, 0, true), ProgressListener.none())
                .verified()).isTrue();
        assertThat(hashes(Inspector.inspect(back), "")).isEqualTo(hashes(Inspector.inspect(src), ""));
    }

    @Test
    void tensorflowToKerasAndBackIsBitIdentical() throws Exception {
        Path src = fixture("tiny_bert.bin");
        Path ckpt = dir.resolve("out").resolve("bert.ckpt");
        Converter.convert(src, ckpt, new ConvertOptions(null, null, 0, true, null, "bert", false),
                ProgressListener.none());
        assertThat(ckpt.resolveSibling("bert.ckpt.index")).isRegularFile();
        Path h5 = dir.resolve("bert.h5");
        Converter.convert(ckpt.resolveSibling("bert.ckpt.index"), h5, new ConvertOptions(null, null, 0, true),
                ProgressListener.none());
        Path back = dir.resolve("back.safetensors");
        Converter.convert(h5, back, new ConvertOptions(null, null, 0, true), ProgressListener.none());
        assertThat(hashes(Inspector.inspect(back), "")).isEqualTo(hashes(Inspector.inspect(src), ""));
    }

    @Test
    void castToTensorflowMatchesTheDirectCast() throws Exception {
        Path src = fixture("tiny_bert.bin");
        Path ckpt = dir.resolve("f16");
        Converter.convert(src, ckpt, new ConvertOptions(TargetFormat.TF_CHECKPOINT, DType.F16, 0, true, null, null,
                false), ProgressListener.none());
        Path back = dir.resolve("back.safetensors");
        Converter.convert(ckpt, back, new ConvertOptions(null, null, 0, true), ProgressListener.none());
        Path direct = dir.resolve("direct.safetensors");
        Converter.convert(src, direct, new ConvertOptions(null, DType.F16, 0, true), ProgressListener.none());
        Map<String, String> want = hashes(Inspector.inspect(direct), "");
        assertThat(want.keySet()).allMatch(k -> k.contains(" F16 "));
        assertThat(hashes(Inspector.inspect(back), "")).isEqualTo(want);
        // The HDF5 writer stores no F16: a clear error, and no output left behind.
        assertThatThrownBy(() -> Converter.convert(ckpt, dir.resolve("f16.h5"), new ConvertOptions(null, null, 0, false),
                ProgressListener.none())).isInstanceOf(FormatException.class).hasMessageContaining("F16");
        assertThat(dir.resolve("f16.h5")).doesNotExist();
    }

    @Test
    void aFolderOfTwoTensorflowCheckpointsNamesThem() throws Exception {
        Path two = dir.resolve("two");
        Path src = fixture("tiny_bert.bin");
        for (String prefix : new String[]{"a.ckpt", "b.ckpt"}) {
            Converter.convert(src, two.resolve(prefix),
                    new ConvertOptions(TargetFormat.TF_CHECKPOINT, null, 0, false), ProgressListener.none());
        }
        java.nio.file.Files.deleteIfExists(two.resolve("checkpoint"));
        assertThatThrownBy(() -> Inspector.inspect(two)).isInstanceOf(dev.hubkit.converters.FormatException.class)
                .hasMessageContaining("folder holds 2 TensorFlow checkpoints (a.ckpt, b.ckpt)")
                .hasMessageContaining("FOLDER/PREFIX");
    }

    @Test
    void ptNamesMapStoredTensorflowNames() throws Exception {
        Path tf = dir.resolve("tf");
        Converter.convert(fixture("tiny_bert.bin"), tf, new ConvertOptions(TargetFormat.TF_CHECKPOINT, null, 0, false),
                ProgressListener.none());
        Inspection plain = Inspector.inspect(tf);
        Inspection named = Inspector.inspect(tf, null, true);
        assertThat(plain.toJson()).doesNotContain("pt_name");
        assertThat(named.toJson()).contains("\"pt_name\" : \"bert.encoder.layer.0.attention.self.key.weight\"");
        assertThat(named.tensors()).extracting(Inspection.Tensor::name)
                .contains("bert/encoder/layer_._0/attention/self/key/kernel");
        assertThat(named.tensors()).allMatch(t -> t.ptName() != null);
        assertThat(named.toTable()).contains("pt_name").contains("bert.embeddings.word_embeddings.weight");
    }

    @Test
    void unmappedNamesFailUnlessAllowed() throws Exception {
        // A headless and a prefixed copy of one embedding both map to bert/embeddings/word_embeddings/weight.
        Path st = dir.resolve("two.safetensors");
        writeSafetensors(st, "embeddings.word_embeddings.weight", "bert.embeddings.word_embeddings.weight");
        Path out = dir.resolve("out.ckpt");
        assertThatThrownBy(() -> Converter.convert(st, out, new ConvertOptions(null, null, 0, true, null, "bert", false),
                ProgressListener.none()))
                .isInstanceOf(UnmappedNamesException.class)
                .hasMessageContaining("bert.embeddings.word_embeddings.weight")
                .hasMessageContaining("--allow-unmapped");
        assertThat(out.resolveSibling("out.ckpt.index")).doesNotExist();

        ConversionResult r = Converter.convert(st, out, new ConvertOptions(null, null, 0, true, null, "bert", true),
                ProgressListener.none());
        assertThat(r.verified()).isTrue();
        assertThat(Inspector.inspect(out).tensors()).extracting(Inspection.Tensor::name)
                .containsExactlyInAnyOrder("bert/embeddings/word_embeddings/weight",
                        "bert.embeddings.word_embeddings.weight");

        assertThatThrownBy(() -> Converter.convert(st, dir.resolve("x.h5"),
                new ConvertOptions(null, null, 0, false, null, "llama", false), ProgressListener.none()))
                .isInstanceOf(FormatException.class).hasMessageContaining("llama");
    }

    @Test
    void targetFormatsParseAndInfer() {
        assertThat(TargetFormat.parse("tf-checkpoint")).isEqualTo(TargetFormat.TF_CHECKPOINT);
        assertThat(TargetFormat.parse("keras-h5")).isEqualTo(TargetFormat.KERAS_H5);
        assertThat(TargetFormat.infer(Path.of("a/tf_model.h5"))).isEqualTo(TargetFormat.KERAS_H5);
        assertThat(TargetFormat.infer(Path.of("a/model.ckpt.index"))).isEqualTo(TargetFormat.TF_CHECKPOINT);
        assertThat(TargetFormat.infer(Path.of("a/model.ckpt"))).isEqualTo(TargetFormat.TF_CHECKPOINT);
        assertThat(TfTargetWriter.outputPath(Path.of("a/model.ckpt.index"), TargetFormat.TF_CHECKPOINT))
                .isEqualTo(Path.of("a/model.ckpt"));
        assertThat(TfTargetWriter.outputPath(Path.of("a/out"), TargetFormat.KERAS_H5))
                .isEqualTo(Path.of("a/out/tf_model.h5"));
        assertThatThrownBy(() -> TargetFormat.parse("onnx")).isInstanceOf(FormatException.class)
                .hasMessageContaining("keras-h5");
    }

    /**
     * Tied weights: the output head that transformers' TF model takes from the input embeddings (GPT-2's
     * lm_head.weight is transformer/wte/weight) is not stored again, whatever name order; any other tie is
     * written as a weight of its own because the TF model has a variable for it.
     */
    @Test
    void tiedWeightsAreStoredAsTheTensorflowModelExpects() throws Exception {
        Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
        shapes.put("lm_head.weight", new long[] {10, 4});
        shapes.put("transformer.wte.weight", new long[] {10, 4});
        shapes.put("transformer.wpe.weight", new long[] {6, 4});
        shapes.put("transformer.h.0.attn.c_attn.weight", new long[] {4, 12});
        shapes.put("transformer.h.0.mlp.c_fc.weight", new long[] {4, 16});
        shapes.put("transformer.h.1.mlp.c_fc.weight", new long[] {4, 16});
        List<TensorInfo> infos = new ArrayList<>();
        shapes.forEach((n, sh) -> infos.add(new TensorInfo(n, DType.F32, sh)));
        List<List<String>> aliases = List.of(
                List.of("lm_head.weight", "transformer.wte.weight"),
                List.of("transformer.h.0.mlp.c_fc.weight", "transformer.h.1.mlp.c_fc.weight"));
        TensorReader pt = new InMemory(dir.resolve("mem.bin"), infos, aliases);
        NameMapping gpt2 =
                NameMapping.forArchitecture("gpt2", List.of(), false);
        ConversionResult r = TfTargetWriter.write(pt, dir.resolve("mem.bin"), dir.resolve("tied"),
                TargetFormat.TF_CHECKPOINT, gpt2, new ConvertOptions(TargetFormat.TF_CHECKPOINT, null, 0, true, null,
                        "gpt2", false), ProgressListener.none(), new ConversionWarnings());
        assertThat(r.verified()).isTrue();
        assertThat(r.droppedAliases()).containsExactly("lm_head.weight");
        try (var tf = dev.hubkit.converters.tensorflow.TfCheckpointReader.open(dir.resolve("tied"))) {
            assertThat(tf.tensors().stream().map(TensorInfo::name)).containsExactlyInAnyOrder(
                    "transformer/wte/weight", "transformer/wpe/embeddings", "transformer/h_._0/attn/c_attn/weight",
                    "transformer/h_._0/mlp/c_fc/weight", "transformer/h_._1/mlp/c_fc/weight");
            assertThat(dev.hubkit.converters.TensorBytes.sha256(tf.data("transformer/wte/weight")))
                    .isEqualTo(dev.hubkit.converters.TensorBytes.sha256(pt.data("lm_head.weight")));
            assertThat(dev.hubkit.converters.TensorBytes.sha256(tf.data("transformer/h_._1/mlp/c_fc/weight")))
                    .isEqualTo(dev.hubkit.converters.TensorBytes.sha256(tf.data("transformer/h_._0/mlp/c_fc/weight")));
        }
        // The mapping-level API (used by the benchmark) leaves out the same name.
        assertThat(MappedTensors.plan(
                MappedTensors.toTf(pt, gpt2)).stream()
                .map(TensorInfo::name)).doesNotContain("lm_head/weight")
                .contains("transformer/wte/weight");
    }

    /** Tensors in memory (tied names share one buffer), with the aliases a PyTorch reader reports. */
    private record InMemory(Path path, List<TensorInfo> tensors,
                            List<List<String>> aliases) implements TensorReader {
        @Override
        public String format() {
            return "pytorch";
        }

        @Override
        public TensorInfo info(String name) {
            return tensors.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        }

        @Override
        public TensorData data(String name) {
            String owner = aliases.stream().filter(g -> g.contains(name)).map(g -> g.get(g.size() - 1)).findFirst()
                    .orElse(name);
            TensorInfo t = info(name);
            ByteBuffer b = ByteBuffer.allocate((int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < b.capacity() / 4; i++) {
                b.putFloat(i * 4, owner.hashCode() % 97 + i * 0.25f);
            }
            return new dev.hubkit.converters.HeapData(t, b);
        }

        @Override
        public Map<String, Object> metadata() {
            return Map.of();
        }

        @Override
        public void close() {
        }
    }

    /** A config.json that contradicts the weights stops the conversion before anything is written. */
    @Test
    void shapesAreCheckedAgainstConfigInBothDirections() throws Exception {
        Path src = fixture("tiny_bert.bin");
        Path tf = dir.resolve("tf");
        Converter.convert(src, tf, new ConvertOptions(TargetFormat.TF_CHECKPOINT, null, 0, false, null, "bert", false),
                ProgressListener.none());
        String lying = "{\"model_type\": \"bert\", \"vocab_size\": 999, \"hidden_size\": 8}";
        Files.writeString(dir.resolve("config.json"), lying);
        assertThatThrownBy(() -> Converter.convert(src, dir.resolve("tf2"), new ConvertOptions(
                TargetFormat.TF_CHECKPOINT, null, 0, false, null, null, false), ProgressListener.none()))
                .isInstanceOf(FormatException.class).hasMessageContaining("word_embeddings.weight")
                .hasMessageContaining("config.json");
        Files.writeString(tf.resolve("config.json"), lying);
        assertThatThrownBy(() -> Converter.convert(tf, dir.resolve("back.safetensors"), ConvertOptions.defaults(),
                ProgressListener.none())).isInstanceOf(FormatException.class)
                .hasMessageContaining("word_embeddings.weight");
        assertThat(dir.resolve("tf2")).doesNotExist();
        assertThat(dir.resolve("back.safetensors")).doesNotExist();
    }

    /** A corrupt kernel in a TF checkpoint fails the transposing conversion naming file and tensor, leaving no output. */
    @Test
    void corruptKernelFailsTheConversionWithoutOutput() throws Exception {
        Path src = fixture("tiny_bert.bin");
        Path tf = dir.resolve("tf");
        Converter.convert(src, tf, new ConvertOptions(TargetFormat.TF_CHECKPOINT, null, 0, false, null, "bert", false),
                ProgressListener.none());
        Path prefix = tf.resolve("model.ckpt");
        long offset;
        try (var r = dev.hubkit.converters.tensorflow.TfCheckpointReader.open(prefix)) {
            offset = r.entry("bert/encoder/layer_._0/attention/self/query/kernel").offset();
        }
        Path data = dev.hubkit.converters.tensorflow.BundlePaths.data(prefix, 0, 1);
        byte[] bytes = Files.readAllBytes(data);
        bytes[(int) offset + 5] ^= 0x10;
        Files.write(data, bytes);
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> Converter.convert(tf, out.resolve("model.safetensors"), ConvertOptions.defaults(),
                ProgressListener.none())).isInstanceOf(FormatException.class)
                .hasMessageContaining("model.ckpt.data-00000-of-00001")
                .hasMessageContaining("CRC mismatch in tensor 'bert/encoder/layer_._0/attention/self/query/kernel'");
        assertThat(out).doesNotExist(); // the folder the failed conversion created is removed too
    }

    /** Two F32 [4, 3] tensors with different values. */
    private static void writeSafetensors(Path file, String a, String b) throws Exception {
        String header = "{\"" + a + "\":{\"dtype\":\"F32\",\"shape\":[4,3],\"data_offsets\":[0,48]},\""
                + b + "\":{\"dtype\":\"F32\",\"shape\":[4,3],\"data_offsets\":[48,96]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 96).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        for (int i = 0; i < 24; i++) {
            buf.putFloat(i * 0.5f - 3);
        }
        Files.write(file, buf.array());
    }
}
