package dev.hubkit.tokenizers.sentencepiece;

/** The segmentation algorithm of a SentencePiece model (TrainerSpec.model_type). */
public enum ModelType {
    /** Unigram language model, segmented by Viterbi. */
    UNIGRAM,
    /** Byte-pair encoding, merges applied by piece score. */
    BPE,
    /** Whitespace-delimited words. */
    WORD,
    /** Single characters. */
    CHAR
}
