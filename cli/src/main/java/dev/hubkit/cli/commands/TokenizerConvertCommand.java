package dev.hubkit.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.cli.ExitCodes;
import dev.hubkit.tokenizers.Tokenizer;
import dev.hubkit.tokenizers.convert.SlowFiles;
import dev.hubkit.tokenizers.convert.SlowTokenizerConverter;
import dev.hubkit.tokenizers.convert.TokenizerFamily;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code hubkit tokenizer convert SOURCE -o tokenizer.json [--type T]}: slow tokenizer files to tokenizer.json,
 * as transformers' convert_slow_tokenizer.
 */
public final class TokenizerConvertCommand implements Callable<Integer> {

    /** Made on first use, not with the command: a mapper costs class loading. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final PositionalParamSpec sourceArg = Specs.positional("0", String.class, "SOURCE",
            "A vocabulary file, a model directory, or a hub repo id.");
    private final OptionSpec outputArg = Specs.required("-o", "--output", Path.class, "OUT",
            "The tokenizer.json to write.");
    private final OptionSpec typeArg = Specs.option("--type", String.class, "T",
            "Convert as: bert, gpt2, roberta, t5, albert, xlm-roberta, llama, gemma, sentencepiece "
                    + "or tiktoken (default: detected).");

    private final CommandSpec spec = Specs.command(this, "convert",
            "Convert slow tokenizer files (vocab.txt, vocab.json + merges.txt, a SentencePiece .model, "
                    + "a .tiktoken rank file, or a model directory / repo id holding them) to a tokenizer.json, as "
                    + "transformers' convert_slow_tokenizer does. The family comes from --type, else "
                    + "tokenizer_config.json's tokenizer_class, else config.json's model_type, else the files present.")
            .addPositional(sourceArg).addOption(outputArg).addOption(typeArg);

    private Path output;

    /** The model of a new {@code tokenizer convert} command. */
    public static CommandSpec spec() {
        return new TokenizerConvertCommand().spec;
    }

    @Override
    public Integer call() throws IOException {
        String source = sourceArg.getValue();
        String type = typeArg.getValue();
        output = outputArg.getValue();
        TokenizerFamily family = null;
        if (type != null) {
            family = TokenizerFamily.fromName(type).orElseThrow(() -> new CommandLine.ParameterException(
                    spec.commandLine(), "--type must be one of " + Arrays.stream(TokenizerFamily.values())
                            .map(TokenizerFamily::cliName).collect(Collectors.joining(", ")) + ", not '" + type + "'"));
        }
        SlowFiles files = SlowFiles.locate(source);
        TokenizerFamily used = family != null ? family : SlowTokenizerConverter.detect(files);
        ObjectNode tree = SlowTokenizerConverter.convert(files, used);
        String json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        Tokenizer check = Tokenizer.fromJson(json); // never write a file hubkit itself cannot load
        write(json);
        spec.commandLine().getOut().println("Wrote " + output + " (" + used.cliName() + ", "
                + check.vocabSize(true) + " tokens)");
        return ExitCodes.OK;
    }

    private void write(String json) throws IOException {
        Path target = output.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
