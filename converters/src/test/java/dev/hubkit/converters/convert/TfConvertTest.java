package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.mapping.UnmappedNamesException;
import dev.hubkit.core.tensor.DType;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
