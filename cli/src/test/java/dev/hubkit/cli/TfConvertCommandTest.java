package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.cli.CliRunner.Result;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code hubkit convert} / {@code inspect} with TensorFlow checkpoints and Keras H5, on the converters' torch-made fixtures. */
class TfConvertCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The committed fixture of the converters module (tests run in the module folder, or the repository root). */
    private Path fixture(String name) throws Exception {
        Path rel = Path.of("converters", "src", "test", "resources", "mapping", name);
        Path p = Files.isRegularFile(Path.of("..").resolve(rel)) ? Path.of("..").resolve(rel) : rel;
        assertThat(p).isRegularFile();
        Path copy = dir.resolve(name);
        Files.copy(p, copy);
        return copy;
    }

    private static JsonNode inspectJson(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "inspect";
        all[1] = "--json";
        System.arraycopy(args, 0, all, 2, args.length);
        Result r = CliRunner.run(all);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    /** name (less {@code dropPrefix}) → sha256. */
    private static Map<String, String> hashes(JsonNode doc, String dropPrefix) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode t : doc.get("tensors")) {
            String n = t.get("name").asText();
            out.put((n.startsWith(dropPrefix) ? n.substring(dropPrefix.length()) : n) + " " + t.get("dtype").asText()
                    + " " + t.get("shape"), t.get("sha256").asText());
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"tiny_bert.bin,tf-checkpoint,tf", "tiny_bert.bin,keras-h5,tf/tf_model.h5",
        "tiny_gpt2.bin,tf-checkpoint,tf/model.ckpt", "tiny_gpt2.bin,keras-h5,tf"})
    void convertToTensorflowAndBackKeepsEveryTensor(String name, String to, String dst) throws Exception {
        Path src = fixture(name);
        Path tf = dir.resolve(dst);
        Result there = CliRunner.run("convert", src.toString(), tf.toString(), "--to", to, "--verify");
        assertThat(there.exitCode()).as(there.err()).isZero();
        assertThat(there.out()).contains("verified");
        JsonNode stored = inspectJson(tf.toString());
        assertThat(stored.get("format").asText()).isEqualTo(to);

        Path back = dir.resolve("back.bin");
        Result again = CliRunner.run("convert", tf.toString(), back.toString(), "--to", "pytorch", "--verify");
        assertThat(again.exitCode()).as(again.err()).isZero();
        String prefix = name.contains("gpt2") ? "transformer." : "";
        assertThat(hashes(inspectJson(back.toString()), prefix)).isEqualTo(hashes(inspectJson(src.toString()), ""));
    }

    @Test
    void inspectPtNamesShowsTheMappedNames() throws Exception {
        Path tf = dir.resolve("tf");
        Result r = CliRunner.run("convert", fixture("tiny_gpt2.bin").toString(), tf.toString(), "--to", "tf-checkpoint",
                "--arch", "gpt2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = inspectJson(tf.toString(), "--pt-names", "--arch", "gpt2");
        Map<String, String> pt = new TreeMap<>();
        doc.get("tensors").forEach(t -> pt.put(t.get("name").asText(), t.get("pt_name").asText()));
        assertThat(pt).containsEntry("transformer/wpe/embeddings", "transformer.wpe.weight")
                .containsEntry("transformer/h_._0/attn/c_attn/weight", "transformer.h.0.attn.c_attn.weight");
        assertThat(inspectJson(tf.toString()).get("tensors").get(0).has("pt_name")).isFalse();
        Result table = CliRunner.run("inspect", tf.toString(), "--pt-names");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("pt_name").contains("transformer.wpe.weight");
    }

    @Test
    void unmappedNameIsAUserErrorUnlessAllowed() throws Exception {
        Path st = dir.resolve("two.safetensors");
        String header = "{\"embeddings.word_embeddings.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"bert.embeddings.word_embeddings.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[16,32]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 32).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        for (int i = 0; i < 8; i++) {
            buf.putFloat(i);
        }
        Files.write(st, buf.array());
        Path out = dir.resolve("out.h5");
        Result r = CliRunner.run("convert", st.toString(), out.toString(), "--arch", "bert");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("bert.embeddings.word_embeddings.weight").contains("--allow-unmapped");
        assertThat(out).doesNotExist();

        Result allowed = CliRunner.run("convert", st.toString(), out.toString(), "--arch", "bert", "--allow-unmapped",
                "--verify");
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(hashes(inspectJson(out.toString()), "").keySet()).hasSize(2);

        Result unknown = CliRunner.run("convert", st.toString(), dir.resolve("x.ckpt").toString(), "--arch", "llama");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("llama");
    }
}
