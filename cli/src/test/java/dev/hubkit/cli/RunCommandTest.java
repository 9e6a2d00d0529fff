package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.cli.CliRunner.Result;
import dev.hubkit.cli.quickstart.BundledModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hubkit run} on the bundled tiny BERT: JSON lines out, explanations, and clear errors. */
class RunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static Path model;
    private static Path input;

    @BeforeAll
    static void setUp() throws Exception {
        model = BundledModel.tinyBert().install(tmp.resolve("tiny-bert"));
        input = tmp.resolve("in.txt");
        Files.writeString(input, "hello world\nthe quick brown fox jumps over the lazy dog\n\nhello world\n", StandardCharsets.UTF_8);
    }

    @Test
    void featureExtractionWritesOneEmbeddingPerLineInInputOrder() throws Exception {
        Path out = tmp.resolve("out/emb.jsonl");
        Result r = CliRunner.run("run", "feature-extraction", "-m", model.toString(), "-i", input.toString(),
                "-o", out.toString(), "--batch-size", "2", "--token-budget", "8");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(4);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.fieldNames()).toIterable().containsExactly("embedding");
        assertThat(first.get("embedding")).hasSize(32);
        // Same text, same vector, wherever it sits in the (length-sorted, budgeted) batches.
        assertThat(JSON.readTree(lines.get(3))).isEqualTo(first);
        assertThat(JSON.readTree(lines.get(1))).isNotEqualTo(first);
        try (var files = Files.list(out.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("emb.jsonl");
        }
    }

    @Test
    void explainSaysWhyTheBackendAndDeviceWereChosen() {
        Result r = CliRunner.run("run", "feature-extraction", "-m", model.toString(), "-i", input.toString(), "--explain");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("onnx", "model.onnx", "CUDA");
        assertThat(r.out().lines()).hasSize(4).allMatch(l -> l.startsWith("{\"embedding\":["));
    }

    @Test
    void cudaWithoutGpuBuildOfOnnxRuntimeIsAClearError() {
        Result r = CliRunner.run("run", "feature-extraction", "-m", model.toString(), "-i", input.toString(),
                "--device", "cuda");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("--device cuda asked for", "no CUDA execution provider", "--device auto or cpu");
    }

    @Test
    void pytorchWithoutTorchScriptFileListsWhatWasLookedFor() {
        Result r = CliRunner.run("run", "feature-extraction", "-m", model.toString(), "-i", input.toString(),
                "--backend", "pytorch");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("--backend pytorch", "TorchScript", "looked for");
    }

    @Test
    void modelWithoutRunnableFilesIsAClearError() throws Exception {
        Path bare = Files.createDirectories(tmp.resolve("no-weights"));
        Files.copy(model.resolve("config.json"), bare.resolve("config.json"));
        Files.copy(model.resolve("tokenizer.json"), bare.resolve("tokenizer.json"));
        Result r = CliRunner.run("run", "feature-extraction", "-m", bare.toString(), "-i", input.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("looked for", "model.onnx", "found none");
    }

    @Test
    void unknownTaskAndBadBatchSizeAreUserErrors() {
        Result task = CliRunner.run("run", "summarize", "-m", model.toString(), "-i", input.toString());
        assertThat(task.exitCode()).isEqualTo(1);
        assertThat(task.err()).contains("summarize");
        Result batch = CliRunner.run("run", "feature-extraction", "-m", model.toString(), "-i", input.toString(),
                "--batch-size", "0");
        assertThat(batch.exitCode()).isEqualTo(1);
        assertThat(batch.err()).contains("batch size");
    }

    @Test
    void anOutputUnderAFileSaysSoOnceWithoutRepeatingTheProgramName() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        Result r = CliRunner.run("run", "feature-extraction", "-m", model.toString(), "-i", input.toString(),
                "-o", file.resolve("emb.jsonl").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("hubkit: " + file
                + " is a file, not a folder: move it away or choose another output path");
        assertThat(r.out()).isEmpty();
        assertThat(file).hasContent("x");
    }
}
