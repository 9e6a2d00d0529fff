package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.cli.quickstart.BundledModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -o OUT} of tokenize/decode is written to a temporary file and renamed into place on success only; a
 * per-line failure names the 1-based input line.
 */
class TokenizeOutputFileTest {

    /** More lines than tokenize encodes per chunk (4096), so a failure comes after a chunk was written. */
    private static final int LINES = 5000;

    @TempDir
    Path dir;
    Path tokenizer;

    @BeforeEach
    void installModel() throws IOException {
        tokenizer = BundledModel.tinyBert().install(dir.resolve("tiny-bert")).resolve("tokenizer.json");
    }

    /** {@code LINES} pairs to cut with only_first; line {@code bad} (1-based) has too short a first part. */
    private Path pairsInput(int bad) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= LINES; i++) {
            sb.append(i == bad ? "tiny\tbut a second part so long that the first part would have to go"
                    : "the first part of line " + i + " is long enough to be cut here\tshort second").append('\n');
        }
        return Files.writeString(dir.resolve("pairs-" + bad + ".txt"), sb, StandardCharsets.UTF_8);
    }

    @Test
    void aFailureAfterTheFirstChunkLeavesAnExistingOutputUntouchedAndNoTemporaryFile() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out")).resolve("tokens.jsonl");
        Files.writeString(out, "previous result\n");
        CliRunner.Result r = CliRunner.run("tokenize", "-t", tokenizer.toString(), "--pairs",
                "--max-length", "16", "--truncation", "only_first", "-i", pairsInput(LINES).toString(),
                "-o", out.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.err()).contains("line " + LINES + " ").contains("first sequence");
        assertThat(Files.readString(out)).isEqualTo("previous result\n");
        assertThat(listing(out.getParent())).containsExactly("tokens.jsonl");

        Path fresh = out.resolveSibling("fresh.jsonl");
        r = CliRunner.run("tokenize", "-t", tokenizer.toString(), "--pairs", "--max-length", "16",
                "--truncation", "only_first", "-i", pairsInput(LINES).toString(), "-o", fresh.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(fresh).doesNotExist();
        assertThat(listing(out.getParent())).containsExactly("tokens.jsonl");
    }

    @Test
    void theTooShortErrorNamesTheInputLine() throws IOException {
        for (String strategy : new String[] {"only_first", "only_second"}) {
            String cut = "a long sentence with many words in it, to be cut";
            String keep = "short";
            String good = strategy.equals("only_first") ? cut + "\t" + keep : keep + "\t" + cut;
            String bad = strategy.equals("only_first") ? "tiny\t" + cut : cut + "\ttiny";
            Path in = Files.writeString(dir.resolve("in-" + strategy + ".txt"),
                    good + "\n" + good + "\n" + bad + "\n" + good + "\n", StandardCharsets.UTF_8);
            CliRunner.Result r = CliRunner.run("tokenize", "-t", tokenizer.toString(), "--pairs",
                    "--max-length", "12", "--truncation", strategy, "-i", in.toString());
            assertThat(r.exitCode()).as(strategy).isEqualTo(ExitCodes.USER_ERROR);
            assertThat(r.err()).as(strategy).contains("line 3 cannot be encoded: ")
                    .contains(strategy.equals("only_first") ? "first sequence" : "second sequence");
            assertThat(r.errLines()).as(strategy).hasSize(1);
        }
    }

    @Test
    void aSuccessfulRunReplacesTheOutputAndLeavesNoTemporaryFile() throws IOException {
        Path out = Files.createDirectories(dir.resolve("ok")).resolve("tokens.jsonl");
        Files.writeString(out, "previous result that is longer than the new one would be if written in place\n");
        Path in = Files.writeString(dir.resolve("in.txt"), "hello world\n", StandardCharsets.UTF_8);
        CliRunner.Result r = CliRunner.run("tokenize", "-t", tokenizer.toString(), "-i", in.toString(),
                "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(out)).startsWith("{\"ids\":[").endsWith("}\n").doesNotContain("previous");
        Path text = out.resolveSibling("text.jsonl");
        Files.writeString(text, "previous");
        r = CliRunner.run("decode", "-t", tokenizer.toString(), "-i", out.toString(), "-o", text.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(text)).isEqualTo("{\"text\":\"[CLS] hello world [SEP]\"}\n");
        assertThat(listing(out.getParent())).containsExactlyInAnyOrder("tokens.jsonl", "text.jsonl");
    }

    @Test
    void aFailedDecodeLeavesAnExistingOutputUntouched() throws IOException {
        Path in = Files.writeString(dir.resolve("ids.jsonl"), "{\"ids\": [101, 102]}\n{\"ids\": [-1]}\n");
        Path out = Files.createDirectories(dir.resolve("dec")).resolve("text.jsonl");
        Files.writeString(out, "previous");
        CliRunner.Result r = CliRunner.run("decode", "-t", tokenizer.toString(), "-i", in.toString(),
                "-o", out.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.err()).contains("input line 2");
        assertThat(Files.readString(out)).isEqualTo("previous");
        assertThat(listing(out.getParent())).containsExactly("text.jsonl");
    }

    private static String[] listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }
}
