package dev.hubkit.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.cli.ExitCodes;
import dev.hubkit.cli.io.Lines;
import dev.hubkit.cli.io.Output;
import dev.hubkit.tokenizers.AutoTokenizer;
import dev.hubkit.tokenizers.TokenizerEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code hubkit decode}: JSON Lines with {@code ids} in, {@code {"text": ...}} per line out. */
public final class DecodeCommand implements Callable<Integer> {

    /** Made on first use, not with the command: a mapper costs class loading. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final OptionSpec tokenizerArg = Specs.required("-t", "--tokenizer", String.class, "TOKENIZER",
            "A tokenizer.json, vocab.txt, vocab.json (merges.txt beside it), SentencePiece .model or "
                    + ".tiktoken file, a model directory, or a hub repo id.");
    private final OptionSpec inputArg = Specs.option("-i", "--input", Path.class, "IN",
            "Input JSON Lines (default: standard input).");
    private final OptionSpec outputArg = Specs.option("-o", "--output", Path.class, "OUT",
            "Output file (default: standard output).");
    private final OptionSpec skipSpecialTokensArg = Specs.flag("--skip-special-tokens",
            "Leave special tokens out of the text.");

    private final CommandSpec spec = Specs.command(this, "decode",
            "Decode JSON Lines holding \"ids\" back to text, one {\"text\": ...} object per line, "
                    + "exactly as the tokenizer's decoders give it.")
            .addOption(tokenizerArg).addOption(inputArg).addOption(outputArg).addOption(skipSpecialTokensArg);

    /** The model of a new {@code decode} command. */
    public static CommandSpec spec() {
        return new DecodeCommand().spec;
    }

    @Override
    public Integer call() throws IOException {
        String tokenizer = tokenizerArg.getValue();
        Path input = inputArg.getValue();
        Path output = outputArg.getValue();
        boolean skipSpecialTokens = Specs.isSet(skipSpecialTokensArg);
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
        try (Output out = Output.open(output)) {
            OutputStream stream = out.stream();
            for (String text : texts) {
                ObjectNode node = Json.MAPPER.createObjectNode().put("text", text);
                stream.write(Json.MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
                stream.write('\n');
            }
            out.commit();
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
