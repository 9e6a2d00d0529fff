package dev.hubkit.tokenizers;

import dev.hubkit.core.source.ModelSources;
import dev.hubkit.tokenizers.convert.SlowFiles;
import dev.hubkit.tokenizers.convert.SlowTokenizerConverter;
import dev.hubkit.tokenizers.sentencepiece.SentencePieceModel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the tokenizer of a model by name, directory or file: {@code tokenizer.json} when there is one, else the
 * slow tokenizer files converted as transformers' {@code convert_slow_tokenizer} does (vocab.txt, vocab.json +
 * merges.txt, a SentencePiece .model, a .tiktoken file), honouring tokenizer_config.json and
 * special_tokens_map.json.
 */
public final class AutoTokenizer {
    private static final Logger LOG = LoggerFactory.getLogger(AutoTokenizer.class);

    private AutoTokenizer() {
    }

    /**
     * Loads the tokenizer of {@code source}: a tokenizer.json file, a slow vocabulary file (vocab.txt, vocab.json,
     * *.model, *.tiktoken; converted), or a model resolved through {@link ModelSources} (a local directory or,
     * with hubkit-hub-client on the classpath, a hub repo id) whose tokenizer.json is used, or whose slow files
     * are converted when it has none.
     *
     * @throws dev.hubkit.core.source.ModelNotFoundException when no source has the model
     * @throws TokenizerException when the files are malformed, unsupported or missing
     */
    public static Tokenizer fromPretrained(String source) {
        refuseMissingFile(source);
        Path p = asPath(source);
        if (p != null && Files.isRegularFile(p)) {
            if (SlowFiles.kindOf(p) == null) {
                return Tokenizer.fromFile(p);
            }
            return SlowTokenizerConverter.load(source, null);
        }
        Optional<Path> json = ModelSources.tryResolve(source, "tokenizer.json");
        if (json.isPresent()) {
            return Tokenizer.fromFile(json.get());
        }
        SlowFiles files = SlowFiles.locate(source);
        if (files.files().isEmpty()) {
            // no slow files either: let the model sources explain where they looked
            return Tokenizer.fromFile(ModelSources.resolve(source, "tokenizer.json"));
        }
        LOG.info("{} has no tokenizer.json; converting its slow tokenizer files", source);
        return Tokenizer.fromJson(SlowTokenizerConverter.convert(files, null).toString());
    }

    /**
     * Like {@link #fromPretrained} but as an engine for tokenize/decode front ends: a bare SentencePiece
     * {@code .model} file encodes exactly as the sentencepiece library does (BOS/EOS only when the
     * tokenizer_config.json beside it sets add_bos_token/add_eos_token), everything else is a tokenizer.json
     * pipeline.
     */
    public static TokenizerEngine engine(String source) {
        Path p = asPath(source);
        if (p != null && Files.isRegularFile(p) && SlowFiles.kindOf(p) == SlowFiles.Kind.SENTENCEPIECE) {
            TokenizerSettings s = settings(source);
            return SentencePieceEngine.of(SentencePieceModel.load(p))
                    .withSpecialTokens(Boolean.TRUE.equals(s.addBosToken()), Boolean.TRUE.equals(s.addEosToken()));
        }
        return new JsonTokenizerEngine(fromPretrained(source));
    }

    /** The tokenizer_config.json settings of {@code source} (defaults when it has none). */
    public static TokenizerSettings settings(String source) {
        return TokenizerSettings.of(SlowFiles.locate(source));
    }

    /** File name endings of the tokenizer files hubkit reads; no hub repo id is spelt like that. */
    private static final List<String> FILE_SUFFIXES = List.of(".json", ".model", ".txt", ".tiktoken");

    /**
     * A source that names a tokenizer file (by its ending) that does not exist is a mistyped path, not a hub
     * repo id: say so at once instead of asking the hub (which, unreachable, costs every retry).
     */
    private static void refuseMissingFile(String source) {
        Path p = asPath(source);
        if (p == null || p.getFileName() == null || Files.exists(p)) {
            return;
        }
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (FILE_SUFFIXES.stream().anyMatch(name::endsWith)) {
            throw new TokenizerException("tokenizer file " + source + " does not exist; pass an existing "
                    + "tokenizer.json, vocab.txt, vocab.json, SentencePiece .model or .tiktoken file, a model folder "
                    + "or a hub repo id (org/name)");
        }
    }

    private static Path asPath(String source) {
        try {
            return Path.of(source);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
