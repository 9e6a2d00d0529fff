package dev.hubkit.tokenizers.sentencepiece;

import dev.hubkit.tokenizers.sentencepiece.proto.SentencePieceModelProtos;

/** Converts the generated protobuf specs into the public records. */
final class TrainerSpecs {
    private TrainerSpecs() {
    }

    static TrainerSpec of(SentencePieceModelProtos.TrainerSpec t) {
        ModelType type = switch (t.getModelType()) {
            case UNIGRAM -> ModelType.UNIGRAM;
            case BPE -> ModelType.BPE;
            case WORD -> ModelType.WORD;
            case CHAR -> ModelType.CHAR;
        };
        return new TrainerSpec(type, t.getVocabSize(), t.getTreatWhitespaceAsSuffix(),
                t.getAllowWhitespaceOnlyPieces(), t.getSplitDigits(), t.getSplitByWhitespace(), t.getSplitByNumber(),
                t.getSplitByUnicodeScript(), t.getByteFallback(), t.getMaxSentencepieceLength(),
                t.getControlSymbolsList(), t.getUserDefinedSymbolsList(), t.getUnkId(), t.getBosId(), t.getEosId(),
                t.getPadId(), t.getUnkPiece(), t.getBosPiece(), t.getEosPiece(), t.getPadPiece(), t.getUnkSurface());
    }

    static NormalizerSpec of(SentencePieceModelProtos.NormalizerSpec n) {
        return new NormalizerSpec(n.getName(), n.getPrecompiledCharsmap().toByteArray(), n.getAddDummyPrefix(),
                n.getRemoveExtraWhitespaces(), n.getEscapeWhitespaces(), n.getNormalizationRuleTsv());
    }
}
