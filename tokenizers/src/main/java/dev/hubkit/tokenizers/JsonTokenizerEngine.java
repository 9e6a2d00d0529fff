package dev.hubkit.tokenizers;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Tokenizer} (tokenizer.json pipeline) as a {@link TokenizerEngine}.
 *
 * @param tokenizer the pipeline
 */
public record JsonTokenizerEngine(Tokenizer tokenizer) implements TokenizerEngine {
    /** Checks the tokenizer is given. */
    public JsonTokenizerEngine {
        Objects.requireNonNull(tokenizer, "tokenizer");
    }

    @Override
    public Encoding encode(String text, String pair, boolean addSpecialTokens) {
        return tokenizer.encode(text, pair, addSpecialTokens);
    }

    @Override
    public List<Encoding> encodeBatch(List<String> texts, boolean addSpecialTokens) {
        return tokenizer.encodeBatch(texts, addSpecialTokens);
    }

    @Override
    public List<Encoding> encodePairBatch(List<String> firsts, List<String> seconds, boolean addSpecialTokens) {
        return tokenizer.encodePairBatch(firsts, seconds, addSpecialTokens);
    }

    @Override
    public List<String> decodeBatch(List<int[]> ids, boolean skipSpecialTokens) {
        return tokenizer.decodeBatch(ids, skipSpecialTokens);
    }

    @Override
    public Optional<Truncation> truncation() {
        return tokenizer.truncation();
    }

    @Override
    public Optional<Padding> padding() {
        return tokenizer.padding();
    }

    @Override
    public TokenizerEngine withTruncation(Truncation truncation) {
        return new JsonTokenizerEngine(tokenizer.withTruncation(truncation));
    }

    @Override
    public TokenizerEngine withPadding(Padding padding) {
        return new JsonTokenizerEngine(tokenizer.withPadding(padding));
    }

    @Override
    public int tokenToId(String token) {
        return tokenizer.tokenToId(token);
    }
}
