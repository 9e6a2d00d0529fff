package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs {@code hubkit} in-process with captured stdout and stderr. */
final class CliRunner {

    record Result(int exitCode, String out, String err) {
        /** The stderr lines, without the trailing empty one. */
        String[] errLines() {
            return err.isEmpty() ? new String[0] : err.split("\\R");
        }
    }

    private CliRunner() {
    }

    /**
     * Runs {@code hubkit tokenize -t tokenizer -i IN -o OUT options...} on {@code input} (written to a file in
     * {@code dir}), asserts it succeeded with nothing on stderr, and returns OUT's JSON lines.
     */
    static List<JsonNode> tokenize(Path dir, Path tokenizer, String input, String... options) throws IOException {
        Path in = Files.writeString(dir.resolve("in-" + System.nanoTime() + ".txt"), input, StandardCharsets.UTF_8);
        Path out = dir.resolve("out-" + System.nanoTime() + ".jsonl");
        List<String> args = new ArrayList<>(List.of("tokenize", "-t", tokenizer.toString(),
                "-i", in.toString(), "-o", out.toString()));
        args.addAll(List.of(options));
        Result r = run(args.toArray(String[]::new));
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            lines.add(json.readTree(line));
        }
        return lines;
    }

    static Result run(String... args) {
        return run(cmd -> { }, args);
    }

    /** @param setup e.g. adds a test-only subcommand, before the streams are wired */
    static Result run(Consumer<CommandLine> setup, String... args) {
        CommandLine cmd = Hubkit.newCommandLine();
        setup.accept(cmd);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
