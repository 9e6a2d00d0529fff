package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.cli.quickstart.BundledModel;
import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure contract with warnings on the way, in the program as {@code main} runs it (a child JVM, where the
 * library's warnings reach stderr through slf4j-simple): a command that fails after a warning was logged ends with
 * exactly one stderr line, its error; one that succeeds shows each warning once; {@code --verbose} shows them all.
 */
@EnabledOnOs(OS.LINUX)
class WarningsAndFailuresTest {
    private static final String ADDED_TOKEN_WARNING = "[WARN] dev.hubkit.tokenizers.added.AddedVocabulary - added"
            + " token '[NEWTOK]' has id 99999 in the file but gets id ";

    @TempDir
    Path dir;

    @Test
    void aTokenizerWarningGivesWayToTheErrorOfAFailingTokenize() throws Exception {
        Path tokenizer = tokenizerWithMisnumberedToken();
        LimitedCli.Outcome r = LimitedCli.unlimited(dir, "tokenize", "-t", tokenizer.toString(),
                "-i", dir.resolve("missing.txt").toString(), "-o", dir.resolve("out.jsonl").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("hubkit: no such file or directory: " + dir.resolve("missing.txt"));
        assertThat(r.out()).isEmpty();
        assertThat(dir.resolve("out.jsonl")).doesNotExist();
    }

    @Test
    void aTokenizerWarningGivesWayToTheErrorOfAFailingDecode() throws Exception {
        Path tokenizer = tokenizerWithMisnumberedToken();
        Path ids = Files.writeString(dir.resolve("ids.jsonl"), "{\"ids\": [2, 5]}\nnot json\n");
        LimitedCli.Outcome r = LimitedCli.unlimited(dir, "decode", "-t", tokenizer.toString(), "-i", ids.toString(),
                "-o", dir.resolve("text.jsonl").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("hubkit: input line 2 is not JSON");
        assertThat(dir.resolve("text.jsonl")).doesNotExist();
    }

    @Test
    void aSucceedingTokenizeShowsTheWarningOnce() throws Exception {
        Path tokenizer = tokenizerWithMisnumberedToken();
        Path in = Files.writeString(dir.resolve("in.txt"), "hello world\n");
        LimitedCli.Outcome r = LimitedCli.unlimited(dir, "tokenize", "-t", tokenizer.toString(), "-i", in.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith(ADDED_TOKEN_WARNING);
        assertThat(r.out()).startsWith("{\"ids\":[");
    }

    @Test
    void withVerboseTheWarningComesBeforeTheErrorAndItsStackTrace() throws Exception {
        Path tokenizer = tokenizerWithMisnumberedToken();
        LimitedCli.Outcome r = LimitedCli.unlimited(dir, "tokenize", "-t", tokenizer.toString(),
                "-i", dir.resolve("missing.txt").toString(), "--verbose");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines().get(0)).startsWith(ADDED_TOKEN_WARNING);
        assertThat(r.errLines().get(1)).startsWith("hubkit: no such file or directory: ");
        assertThat(r.errLines()).anyMatch(l -> l.startsWith("\tat "));
    }

    @Test
    void aDtypeWarningGivesWayToTheErrorOfAFailingConvert() throws Exception {
        Path src = withF64(dir.resolve("src.safetensors"));
        Files.writeString(dir.resolve("file"), "not a folder");
        LimitedCli.Outcome r = LimitedCli.unlimited(dir, "convert", src.toString(),
                dir.resolve("file/out.safetensors").toString(), "--dtype", "f16");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("hubkit: converting " + src).endsWith(": " + dir.resolve("file")
                + " is a file, not a folder: move it away or choose another output path");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aSucceedingConvertShowsTheDtypeWarningOnceAndItsResult() throws Exception {
        Path src = withF64(dir.resolve("src.safetensors"));
        Path dst = dir.resolve("out.safetensors");
        LimitedCli.Outcome r = LimitedCli.unlimited(dir, "convert", src.toString(), dst.toString(), "--dtype", "f16",
                "--verify");
        assertThat(r.exitCode()).isZero();
        assertThat(r.errLines()).containsExactly("[WARN] dev.hubkit.converters.convert.Converter - --dtype casts F32,"
                + " F16 and BF16 tensors; 1 other floating-point tensor(s) are kept as they are: scale (F64)");
        assertThat(r.out()).isEqualTo("wrote 2 tensors (24 bytes) to " + dst + ", verified" + System.lineSeparator());
    }

    @Test
    void theGenericNamesWarningGivesWayToTheErrorOfAFailingKerasConvert() throws Exception {
        Path src = dir.resolve("odd.safetensors");
        TensorInfo t = new TensorInfo("foo.weight", DType.F16, new long[] {2, 2});
        try (SafetensorsWriter w = SafetensorsWriter.create(src, List.of(t), Map.of("format", "pt"))) {
            w.write(new HeapData(t, ByteBuffer.allocate(8)));
            w.finish();
        }
        Path dst = dir.resolve("out/tf_model.h5");
        LimitedCli.Outcome r = LimitedCli.unlimited(dir, "convert", src.toString(), dst.toString(),
                "--allow-unmapped");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("hubkit: " + dst + ": cannot be written as Keras H5");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aFailingConvertLogsNoWarningEvenWithVerbose() throws Exception {
        // --verbose lets log lines through as they come: the conversion itself holds back what its failure supersedes
        Path src = withF64(dir.resolve("src.safetensors"));
        Files.writeString(dir.resolve("file"), "not a folder");
        LimitedCli.Outcome r = LimitedCli.unlimited(dir, "convert", src.toString(),
                dir.resolve("file/out.bin").toString(), "--dtype", "bf16", "--verbose");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines().get(0)).startsWith("hubkit: converting " + src);
        assertThat(r.errLines()).noneMatch(l -> l.contains("WARN"));

        Path odd = dir.resolve("odd.safetensors");
        TensorInfo t = new TensorInfo("foo.weight", DType.F16, new long[] {2, 2});
        try (SafetensorsWriter w = SafetensorsWriter.create(odd, List.of(t), Map.of("format", "pt"))) {
            w.write(new HeapData(t, ByteBuffer.allocate(8)));
            w.finish();
        }
        LimitedCli.Outcome keras = LimitedCli.unlimited(dir, "convert", odd.toString(),
                dir.resolve("tf_model.h5").toString(), "--allow-unmapped", "--verbose");
        assertThat(keras.exitCode()).isEqualTo(1);
        assertThat(keras.errLines().get(0)).startsWith("hubkit: " + dir.resolve("tf_model.h5"));
        assertThat(keras.errLines()).noneMatch(l -> l.contains("WARN"));

        LimitedCli.Outcome done = LimitedCli.unlimited(dir, "convert", odd.toString(),
                dir.resolve("model.ckpt").toString(), "--allow-unmapped", "--verbose");
        assertThat(done.exitCode()).isZero();
        assertThat(done.errLines()).containsExactly("[WARN] dev.hubkit.converters.mapping.NameMapping - cannot tell"
                + " the architecture from the tensor names; they follow the generic TF2 naming convention (as for"
                + " bert), names that fit nothing keep their own; pass --arch to choose an architecture");
    }

    /** The bundled tiny BERT's tokenizer.json with an added token whose id in the file is not the one it gets. */
    private Path tokenizerWithMisnumberedToken() throws IOException {
        Path model = BundledModel.tinyBert().install(dir.resolve("tiny-bert"));
        Path file = model.resolve("tokenizer.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(file.toFile());
        ObjectNode token = ((ArrayNode) root.get("added_tokens")).addObject();
        token.put("id", 99999).put("content", "[NEWTOK]").put("single_word", false).put("lstrip", false)
                .put("rstrip", false).put("normalized", false).put("special", true);
        json.writeValue(file.toFile(), root);
        try (Stream<Path> files = Files.list(model)) {
            for (Path p : files.toList()) {
                if (!p.equals(file)) {
                    Files.delete(p); // the tokenizer alone: no slow files, no config
                }
            }
        }
        return file;
    }

    /** An F32 tensor {@code w} [4] and an F64 tensor {@code scale} [2], which {@code --dtype} keeps as it is. */
    private static Path withF64(Path file) throws IOException {
        TensorInfo w = new TensorInfo("w", DType.F32, new long[] {4});
        TensorInfo scale = new TensorInfo("scale", DType.F64, new long[] {2});
        List<TensorInfo> plan = SafetensorsWriter.canonicalOrder(List.of(w, scale));
        try (SafetensorsWriter out = SafetensorsWriter.create(file, plan, Map.of("format", "pt"))) {
            for (TensorInfo t : plan) {
                out.write(new HeapData(t, ByteBuffer.allocate((int) t.byteSize())));
            }
            out.finish();
        }
        return file;
    }
}
