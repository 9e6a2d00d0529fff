package dev.hubkit.cli.commands;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.hubkit.cli.ExitCodes;
import dev.hubkit.cli.io.Lines;
import dev.hubkit.cli.io.Output;
import dev.hubkit.tokenizers.AutoTokenizer;
import dev.hubkit.tokenizers.Direction;
import dev.hubkit.tokenizers.Encoding;
import dev.hubkit.tokenizers.Padding;
import dev.hubkit.tokenizers.TokenizerEngine;
import dev.hubkit.tokenizers.TokenizerException;
import dev.hubkit.tokenizers.TokenizerSettings;
import dev.hubkit.tokenizers.Truncation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code hubkit tokenize}: one input per line in, one JSON object per line out, with ids, tokens,
 * code-point offsets, type ids, masks and word ids (and the overflowing parts truncation leaves), exactly as the
 * Rust tokenizers library gives them. With {@code -o} the file is replaced only when the whole input succeeded.
 */
public final class TokenizeCommand implements Callable<Integer> {

    /** Inputs encoded per parallel batch when no batch padding joins them. */
    private static final int CHUNK = 4096;

    private final OptionSpec tokenizerArg = Specs.required("-t", "--tokenizer", String.class, "TOKENIZER",
            "A tokenizer.json, vocab.txt, vocab.json (merges.txt beside it), SentencePiece .model or "
                    + ".tiktoken file, a model directory, or a hub repo id.");
    private final OptionSpec inputArg = Specs.option("-i", "--input", Path.class, "IN",
            "Input file (default: standard input).");
    private final OptionSpec outputArg = Specs.option("-o", "--output", Path.class, "OUT",
            "Output file (default: standard output).");
    private final OptionSpec noSpecialTokensArg = Specs.flag("--no-special-tokens",
            "Do not add the post-processor's special tokens.");
    private final OptionSpec pairsArg = Specs.flag("--pairs", "Each line is first<TAB>second, encoded as a pair.");
    private final OptionSpec maxLengthArg = Specs.option("--max-length", Integer.class, "N",
            "Truncate to N tokens (and pad to N with --padding max_length).");
    private final OptionSpec truncationArg = Specs.option("--truncation", String.class, "STRATEGY",
            "longest_first (default with --max-length), only_first or only_second.");
    private final OptionSpec strideArg = Specs.option("--stride", Integer.class, "N",
            "Overlap of overflowing parts when truncating (default 0).");
    private final OptionSpec paddingArg = Specs.option("--padding", String.class, "STRATEGY",
            "longest (the whole input is one batch) or max_length (needs --max-length).");
    private final OptionSpec padToMultipleOfArg = Specs.option("--pad-to-multiple-of", Integer.class, "N",
            "Round padded lengths up to a multiple of N.");

    private final CommandSpec spec = Specs.command(this, "tokenize",
            "Tokenize UTF-8 text, one input per line (only \\n ends a line), into JSON Lines with "
                    + "ids, tokens, offsets (code points), type_ids, attention_mask, special_tokens_mask and word_ids.")
            .addOption(tokenizerArg).addOption(inputArg).addOption(outputArg).addOption(noSpecialTokensArg)
            .addOption(pairsArg).addOption(maxLengthArg).addOption(truncationArg).addOption(strideArg)
            .addOption(paddingArg).addOption(padToMultipleOfArg);

    private String tokenizer;
    private TokenizerSettings settings;
    private Path input;
    private Path output;
    private boolean noSpecialTokens;
    private boolean pairs;
    private Integer maxLength;
    private String truncation;
    private Integer stride;
    private String padding;
    private Integer padToMultipleOf;

    /** The model of a new {@code tokenize} command. */
    public static CommandSpec spec() {
        return new TokenizeCommand().spec;
    }

    private void readArguments() {
        tokenizer = tokenizerArg.getValue();
        input = inputArg.getValue();
        output = outputArg.getValue();
        noSpecialTokens = Specs.isSet(noSpecialTokensArg);
        pairs = Specs.isSet(pairsArg);
        maxLength = maxLengthArg.getValue();
        truncation = truncationArg.getValue();
        stride = strideArg.getValue();
        padding = paddingArg.getValue();
        padToMultipleOf = padToMultipleOfArg.getValue();
    }

    @Override
    public Integer call() throws IOException {
        readArguments();
        TokenizerEngine tok = configure(AutoTokenizer.engine(tokenizer));
        List<String> lines;
        try (InputStream in = Lines.open(input)) {
            lines = Lines.read(in, input == null ? "standard input" : input.toString());
        }
        List<String> firsts = new ArrayList<>(lines.size());
        List<String> seconds = pairs ? new ArrayList<>(lines.size()) : null;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (pairs) {
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "line " + (n + 1) + " has no TAB: with --pairs each line must be first<TAB>second");
                }
                firsts.add(line.substring(0, tab));
                seconds.add(line.substring(tab + 1));
            } else {
                firsts.add(line);
            }
        }
        boolean oneBatch = "longest".equals(padding);
        boolean padsPerBatch = tok.padding().map(p -> p.strategy() == Padding.Strategy.BATCH_LONGEST).orElse(false);
        try (Output out = Output.open(output)) {
            try (JsonGenerator json = new JsonFactory().createGenerator(out.stream(), JsonEncoding.UTF8)) {
                json.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
                json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                int chunk = oneBatch ? Math.max(1, firsts.size()) : CHUNK;
                for (int from = 0; from < firsts.size(); from += chunk) {
                    int to = Math.min(firsts.size(), from + chunk);
                    List<String> a = firsts.subList(from, to);
                    List<String> b = seconds == null ? null : seconds.subList(from, to);
                    List<Encoding> encodings = encodeChunk(tok, a, b, from, oneBatch || !padsPerBatch);
                    for (int i = 0; i < encodings.size(); i++) {
                        write(json, encodings.get(i), a.get(i), b == null ? null : b.get(i));
                    }
                }
                if (!firsts.isEmpty()) {
                    json.writeRaw('\n');
                }
            }
            out.commit();
        }
        return ExitCodes.OK;
    }

    /**
     * Encodes the lines {@code from + 1 ...} of the input; a line the tokenizer refuses (e.g. too short for
     * only_first/only_second truncation) is named by its 1-based number.
     */
    private List<Encoding> encodeChunk(TokenizerEngine tok, List<String> a, List<String> b, int from,
                                       boolean batch) {
        try {
            return batch ? encodeBatch(tok, a, b) : encodeEach(tok, a, b);
        } catch (TokenizerException e) {
            // only on failure: find the first line that fails on its own, in input order
            for (int i = 0; i < a.size(); i++) {
                try {
                    tok.encode(a.get(i), b == null ? null : b.get(i), !noSpecialTokens);
                } catch (TokenizerException lineError) {
                    throw new TokenizerException("line " + (from + i + 1) + " cannot be encoded: "
                            + lineError.getMessage(), lineError);
                }
            }
            throw e;
        }
    }

    private List<Encoding> encodeBatch(TokenizerEngine tok, List<String> a, List<String> b) {
        return b == null ? tok.encodeBatch(a, !noSpecialTokens) : tok.encodePairBatch(a, b, !noSpecialTokens);
    }

    /** Each line on its own (in parallel), so batch padding never joins lines that are not one batch. */
    private List<Encoding> encodeEach(TokenizerEngine tok, List<String> a, List<String> b) {
        return IntStream.range(0, a.size()).parallel()
                .mapToObj(i -> tok.encode(a.get(i), b == null ? null : b.get(i), !noSpecialTokens))
                .toList();
    }

    /** Applies the command-line truncation and padding over the tokenizer's own sections. */
    private TokenizerEngine configure(TokenizerEngine tok) {
        if (stride != null && stride < 0 || maxLength != null && maxLength <= 0
                || padToMultipleOf != null && padToMultipleOf <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--max-length and --pad-to-multiple-of must be positive, --stride not negative");
        }
        if (truncation != null || maxLength != null || stride != null) {
            Integer length = maxLength != null ? maxLength : tok.truncation().map(Truncation::maxLength)
                    .orElseGet(() -> settings().modelMaxLength());
            if (length == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--truncation needs --max-length (the"
                        + " tokenizer has no truncation section or model_max_length to take it from)");
            }
            Direction direction = tok.truncation().map(Truncation::direction)
                    .orElseGet(() -> settings().truncationSide());
            tok = tok.withTruncation(new Truncation(length, truncationStrategy(),
                    stride != null ? stride : 0, direction));
        }
        if (padding != null || padToMultipleOf != null) {
            Padding base = tok.padding().orElse(null);
            Padding.Strategy strategy = paddingStrategy(base);
            int length = 0;
            if (strategy == Padding.Strategy.FIXED) {
                if (maxLength == null && (base == null || base.strategy() != Padding.Strategy.FIXED)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--padding max_length needs --max-length");
                }
                length = maxLength != null ? maxLength : base.length();
            }
            Integer multiple = padToMultipleOf != null ? padToMultipleOf : base == null ? null : base.padToMultipleOf();
            tok = tok.withPadding(base != null
                    ? new Padding(strategy, length, base.direction(), multiple, base.padId(), base.padTypeId(), base.padToken())
                    : new Padding(strategy, length, settings().paddingSide(), multiple, padId(tok), 0, padToken(tok)));
        }
        return tok;
    }

    /** tokenizer_config.json's defaults (truncation/padding side, model_max_length), read when first needed. */
    private TokenizerSettings settings() {
        if (settings == null) {
            settings = AutoTokenizer.settings(tokenizer);
        }
        return settings;
    }

    private Truncation.Strategy truncationStrategy() {
        if (truncation == null) {
            return Truncation.Strategy.LONGEST_FIRST;
        }
        return switch (truncation) {
            case "longest_first" -> Truncation.Strategy.LONGEST_FIRST;
            case "only_first" -> Truncation.Strategy.ONLY_FIRST;
            case "only_second" -> Truncation.Strategy.ONLY_SECOND;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--truncation must be longest_first, only_first or only_second, not '" + truncation + "'");
        };
    }

    private Padding.Strategy paddingStrategy(Padding base) {
        if (padding == null) {
            return base != null ? base.strategy() : Padding.Strategy.BATCH_LONGEST;
        }
        return switch (padding) {
            case "longest" -> Padding.Strategy.BATCH_LONGEST;
            case "max_length" -> Padding.Strategy.FIXED;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--padding must be longest or max_length, not '" + padding + "'");
        };
    }

    /** The Rust library's default pad token, unless the vocabulary has a usual pad token of its own. */
    private static String padToken(TokenizerEngine tok) {
        for (String candidate : new String[] {"[PAD]", "<pad>", "<|pad|>"}) {
            if (tok.tokenToId(candidate) >= 0) {
                return candidate;
            }
        }
        return "[PAD]";
    }

    private static int padId(TokenizerEngine tok) {
        int id = tok.tokenToId(padToken(tok));
        return id >= 0 ? id : 0;
    }

    private static void write(JsonGenerator json, Encoding e, String text, String pair) throws IOException {
        json.writeStartObject();
        writeInts(json, "ids", e.ids());
        json.writeArrayFieldStart("tokens");
        for (String token : e.tokens()) {
            json.writeString(token);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("offsets");
        for (int[] span : e.codePointOffsets(text, pair)) {
            json.writeStartArray();
            json.writeNumber(span[0]);
            json.writeNumber(span[1]);
            json.writeEndArray();
        }
        json.writeEndArray();
        writeInts(json, "type_ids", e.typeIds());
        writeInts(json, "attention_mask", e.attentionMask());
        writeInts(json, "special_tokens_mask", e.specialTokensMask());
        json.writeArrayFieldStart("word_ids");
        for (int w : e.wordIds()) {
            if (w < 0) {
                json.writeNull();
            } else {
                json.writeNumber(w);
            }
        }
        json.writeEndArray();
        if (!e.overflowing().isEmpty()) {
            json.writeArrayFieldStart("overflowing");
            for (Encoding part : e.overflowing()) {
                write(json, part, text, pair);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void writeInts(JsonGenerator json, String name, int[] values) throws IOException {
        json.writeArrayFieldStart(name);
        for (int v : values) {
            json.writeNumber(v);
        }
        json.writeEndArray();
    }
}
