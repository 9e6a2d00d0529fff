package dev.hubkit.tokenizers.sentencepiece;

/** The kind of a vocabulary entry, as in ModelProto.SentencePiece.Type. */
public enum PieceType {
    /** An ordinary piece learned by the trainer. */
    NORMAL,
    /** The unknown piece ({@code <unk>}); exactly one per model. */
    UNKNOWN,
    /** A control symbol such as {@code <s>}: never produced by encode, invisible in decode. */
    CONTROL,
    /** A user-defined symbol: always kept as one piece and never normalized. */
    USER_DEFINED,
    /** A byte piece {@code <0xNN>} used by byte fallback. */
    BYTE,
    /** A piece that exists in the vocabulary but is never produced. */
    UNUSED
}
