package dev.hubkit.tokenizers.sentencepiece;

import dev.hubkit.tokenizers.sentencepiece.proto.SentencePieceModelProtos.ModelProto;

/** Maps the generated protobuf enum to the public {@link PieceType}. */
final class PieceTypes {
    private PieceTypes() {
    }

    static PieceType of(ModelProto.SentencePiece.Type t) {
        return switch (t) {
            case NORMAL -> PieceType.NORMAL;
            case UNKNOWN -> PieceType.UNKNOWN;
            case CONTROL -> PieceType.CONTROL;
            case USER_DEFINED -> PieceType.USER_DEFINED;
            case BYTE -> PieceType.BYTE;
            case UNUSED -> PieceType.UNUSED;
        };
    }
}
