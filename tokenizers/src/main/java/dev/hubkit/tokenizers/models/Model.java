package dev.hubkit.tokenizers.models;

/** Third pipeline stage: turns one pre-tokenized word into tokens. Implementations are thread-safe. */
public sealed interface Model permits WordPiece, Bpe, Unigram, WordLevel {

    /** Tokenizes {@code word} (non-empty), reporting tokens in order. */
    void tokenize(String word, TokenSink sink);

    /** Id of a vocabulary token, or -1. */
    int tokenToId(String token);

    /** Token of an id, or null. */
    String idToToken(int id);

    /** Vocabulary size. */
    int vocabSize();
}
