package dev.hubkit.tokenizers;

import java.util.List;
import java.util.Optional;

/**
 * What a tokenize/decode front end needs from a tokenizer, whichever engine is behind it: a tokenizer.json
 * pipeline ({@link JsonTokenizerEngine}) or a SentencePiece model encoding exactly as the sentencepiece
 * library ({@link SentencePieceEngine}). Get one from {@link AutoTokenizer#engine(String)}.
 */
public sealed interface TokenizerEngine permits JsonTokenizerEngine, SentencePieceEngine {

    /** Encodes one text or a pair ({@code pair} may be null), applying truncation and padding. */
    Encoding encode(String text, String pair, boolean addSpecialTokens);

    /** Encodes texts in parallel, then applies batch padding. */
    List<Encoding> encodeBatch(List<String> texts, boolean addSpecialTokens);

    /** Encodes pairs in parallel, then applies batch padding. */
    List<Encoding> encodePairBatch(List<String> firsts, List<String> seconds, boolean addSpecialTokens);

    /** Decodes id sequences to text. */
    List<String> decodeBatch(List<int[]> ids, boolean skipSpecialTokens);

    /** The truncation settings, if any. */
    Optional<Truncation> truncation();

    /** The padding settings, if any. */
    Optional<Padding> padding();

    /** A copy with other truncation settings (null: none). */
    TokenizerEngine withTruncation(Truncation truncation);

    /** A copy with other padding settings (null: none). */
    TokenizerEngine withPadding(Padding padding);

    /** Id of a token, or -1. */
    int tokenToId(String token);
}
