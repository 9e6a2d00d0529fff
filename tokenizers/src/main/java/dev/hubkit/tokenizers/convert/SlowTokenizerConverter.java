package dev.hubkit.tokenizers.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.Tokenizer;
import dev.hubkit.tokenizers.TokenizerException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slow-to-fast conversion, as transformers' {@code convert_slow_tokenizer}: builds the tokenizer.json of
 * a slow tokenizer's files (vocab.txt, vocab.json + merges.txt, a SentencePiece .model, a .tiktoken file).
 * The family comes from the caller, else tokenizer_config.json's {@code tokenizer_class}, else config.json's
 * {@code model_type}, else the files present.
 */
public final class SlowTokenizerConverter {
    private static final Logger LOG = LoggerFactory.getLogger(SlowTokenizerConverter.class);

    private SlowTokenizerConverter() {
    }

    /**
     * Converts the slow files of {@code source} (a file, a model directory or a repo id).
     *
     * @param family the family to convert as, or null to detect it
     * @return the tokenizer.json tree
     * @throws TokenizerException when no slow files are found, the family cannot be told, or a file is malformed
     */
    public static ObjectNode convert(String source, TokenizerFamily family) {
        return convert(SlowFiles.locate(source), family);
    }

    /** Converts already located files; {@code family} null to detect it. */
    public static ObjectNode convert(SlowFiles files, TokenizerFamily family) {
        TokenizerFamily f = family != null ? family : detect(files);
        LOG.debug("Converting {} as {}", files.source(), f);
        return switch (f) {
            case BERT -> BertConverter.convert(files);
            case GPT2 -> ByteLevelBpeConverter.convert(files, false);
            case ROBERTA -> ByteLevelBpeConverter.convert(files, true);
            case TIKTOKEN -> TiktokenConverter.convert(files);
            case T5, ALBERT, XLM_ROBERTA, LLAMA, GEMMA, SENTENCEPIECE -> SentencePieceConverter.convert(files, f);
        };
    }

    /** Converts and loads the result. */
    public static Tokenizer load(String source, TokenizerFamily family) {
        return Tokenizer.fromJson(convert(source, family).toString());
    }

    /** The family of located files (see the class comment for the order). */
    public static TokenizerFamily detect(SlowFiles files) {
        String cls = files.string("tokenizer_class", null);
        if (cls != null) {
            Optional<TokenizerFamily> f = TokenizerFamily.fromTokenizerClass(cls);
            if (f.isPresent() && hasFilesFor(files, f.get())) {
                return f.get();
            }
            LOG.debug("tokenizer_class {} of {} is not one hubkit converts (or its files are missing)", cls,
                    files.source());
        }
        if (files.modelType() != null) {
            Optional<TokenizerFamily> f = TokenizerFamily.fromModelType(files.modelType());
            if (f.isPresent() && hasFilesFor(files, f.get())) {
                return f.get();
            }
        }
        if (files.file(SlowFiles.Kind.VOCAB_TXT).isPresent()) {
            return TokenizerFamily.BERT;
        }
        if (files.file(SlowFiles.Kind.VOCAB_JSON).isPresent()) {
            return TokenizerFamily.GPT2;
        }
        if (files.file(SlowFiles.Kind.SENTENCEPIECE).isPresent()) {
            return TokenizerFamily.SENTENCEPIECE;
        }
        if (files.file(SlowFiles.Kind.TIKTOKEN).isPresent()) {
            return TokenizerFamily.TIKTOKEN;
        }
        throw new TokenizerException(files.source() + " has no tokenizer files hubkit can load: no tokenizer.json,"
                + " vocab.txt, vocab.json + merges.txt, SentencePiece .model or .tiktoken file.");
    }

    private static boolean hasFilesFor(SlowFiles files, TokenizerFamily f) {
        return switch (f) {
            case BERT -> files.file(SlowFiles.Kind.VOCAB_TXT).isPresent();
            case GPT2, ROBERTA -> files.file(SlowFiles.Kind.VOCAB_JSON).isPresent();
            case TIKTOKEN -> files.file(SlowFiles.Kind.TIKTOKEN).isPresent();
            default -> files.file(SlowFiles.Kind.SENTENCEPIECE).isPresent();
        };
    }
}
