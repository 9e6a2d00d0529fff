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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hubkit tokenizer convert SOURCE -o tokenizer.json [--type T]}: slow tokenizer files to tokenizer.json,
 * as transformers' convert_slow_tokenizer.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert slow tokenizer files (vocab.txt, vocab.json + merges.txt, a SentencePiece .model, "
                + "a .tiktoken rank file, or a model directory / repo id holding them) to a tokenizer.json, as "
                + "transformers' convert_slow_tokenizer does. The family comes from --type, else "
                + "tokenizer_config.json's tokenizer_class, else config.json's model_type, else the files present."})
public final class TokenizerConvertCommand implements Callable<Integer> {

    /** Made on first use: picocli instantiates every command at start-up, and a mapper costs class loading. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE",
            description = "A vocabulary file, a model directory, or a hub repo id.")
    String source;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "The tokenizer.json to write.")
    Path output;

    @Option(names = "--type", paramLabel = "T",
            description = "Convert as: bert, gpt2, roberta, t5, albert, xlm-roberta, llama, gemma, sentencepiece "
                    + "or tiktoken (default: detected).")
    String type;

    @Override
    public Integer call() throws IOException {
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
