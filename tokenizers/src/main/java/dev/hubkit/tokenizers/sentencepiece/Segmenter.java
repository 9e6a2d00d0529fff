package dev.hubkit.tokenizers.sentencepiece;

/** Splits normalized UTF-8 into pieces, each (begin, end, id) over the normalized bytes. */
sealed interface Segmenter permits UnigramSegmenter, BpeSegmenter, WordSegmenter, CharSegmenter {
    /** Appends the segmentation of {@code normalized} to {@code out}. */
    void segment(byte[] normalized, Segments out);

    /** The segmenter for {@code type} over {@code vocab}. */
    static Segmenter of(ModelType type, Vocab vocab, boolean treatWhitespaceAsSuffix, boolean allowWhitespaceOnlyPieces) {
        return switch (type) {
            case UNIGRAM -> new UnigramSegmenter(vocab);
            case BPE -> new BpeSegmenter(vocab);
            case WORD -> new WordSegmenter(vocab, treatWhitespaceAsSuffix, allowWhitespaceOnlyPieces);
            case CHAR -> new CharSegmenter(vocab);
        };
    }
}
