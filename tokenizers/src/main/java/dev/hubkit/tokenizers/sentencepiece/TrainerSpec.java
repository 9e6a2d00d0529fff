package dev.hubkit.tokenizers.sentencepiece;

import java.util.List;

/** The parts of the model's TrainerSpec that matter after training (to encode, decode or convert). */
public record TrainerSpec(ModelType modelType, int vocabSize, boolean treatWhitespaceAsSuffix,
                          boolean allowWhitespaceOnlyPieces, boolean splitDigits, boolean splitByWhitespace,
                          boolean splitByNumber, boolean splitByUnicodeScript, boolean byteFallback,
                          int maxSentencepieceLength, List<String> controlSymbols, List<String> userDefinedSymbols,
                          int unkId, int bosId, int eosId, int padId, String unkPiece, String bosPiece,
                          String eosPiece, String padPiece, String unkSurface) {
    /** Copies the lists so the record stays immutable. */
    public TrainerSpec {
        controlSymbols = List.copyOf(controlSymbols);
        userDefinedSymbols = List.copyOf(userDefinedSymbols);
    }
}
