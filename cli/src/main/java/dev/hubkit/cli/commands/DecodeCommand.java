package dev.hubkit.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.cli.ExitCodes;
import dev.hubkit.cli.io.Lines;
import dev.hubkit.tokenizers.AutoTokenizer;
import dev.hubkit.tokenizers.TokenizerEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hubkit decode}: JSON Lines with {@code ids} in, {@code {"text": ...}} per line out. */
@Command(name = "decode",
        description = {"Decode JSON Lines holding \"ids\" back to text, one {\"text\": ...} object per line, "
                + "exactly as the tokenizer's decoders give it."})
public final class DecodeCommand implements Callable<Integer> {

    /** Made on first use: picocli instantiates every command at start-up, and a mapper costs class loading. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--tokenizer"}, required = true, paramLabel = "TOKENIZER",
            description = "A tokenizer.json, vocab.txt, vocab.json (merges.txt beside it), SentencePiece .model or "
                    + ".tiktoken file, a model directory, or a hub repo id.")
    String tokenizer;

    @Option(names = {"-i", "--input"}, paramLabel = "IN", description = "Input JSON Lines (default: standard input).")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Output file (default: standard output).")
    Path output;

    @Option(names = "--skip-special-tokens", description = "Leave special tokens out of the text.")
    boolean skipSpecialTokens;

    @Override
    public Integer call() throws IOException {
        TokenizerEngine tok = AutoTokenizer.engine(tokenizer);
        List<String> lines;
        try (InputStream in = Lines.open(input)) {
            lines = Lines.read(in, input == null ? "standard input" : input.toString());
        }
        List<int[]> batch = new ArrayList<>(lines.size());
        for (int n = 0; n < lines.size(); n++) {
            batch.add(ids(lines.get(n), n + 1));
        }
        List<String> texts = tok.decodeBatch(batch, skipSpecialTokens);
        OutputStream out = Lines.create(output);
        PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
        for (String text : texts) {
            ObjectNode node = Json.MAPPER.createObjectNode().put("text", text);
            print.print(Json.MAPPER.writeValueAsString(node));
            print.print('\n');
        }
        print.flush();
        if (output != null) {
            print.close();
        }
        return ExitCodes.OK;
    }

    private int[] ids(String line, int number) {
        JsonNode ids;
        try {
            ids = Json.MAPPER.readTree(line).get("ids");
        } catch (IOException e) {
            throw bad(number, "is not JSON");
        }
        if (ids == null || !ids.isArray()) {
            throw bad(number, "has no \"ids\" array");
        }
        int[] out = new int[ids.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode id = ids.get(i);
            if (!id.canConvertToInt() || !id.isIntegralNumber() || id.intValue() < 0) {
                throw bad(number, "has a bad id at position " + i + ": " + id);
            }
            out[i] = id.intValue();
        }
        return out;
    }

    private CommandLine.ParameterException bad(int line, String what) {
        return new CommandLine.ParameterException(spec.commandLine(),
                "input line " + line + " " + what + ": each line must be a JSON object like {\"ids\": [101, 7592]}");
    }
}
