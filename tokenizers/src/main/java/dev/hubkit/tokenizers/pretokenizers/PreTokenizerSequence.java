package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.PreTokenizedString;
import java.util.List;

/** Applies pre-tokenizers in order. */
public record PreTokenizerSequence(List<PreTokenizer> preTokenizers) implements PreTokenizer {
    public PreTokenizerSequence {
        preTokenizers = List.copyOf(preTokenizers);
    }

    @Override
    public void preTokenize(PreTokenizedString s) {
        for (PreTokenizer p : preTokenizers) {
            p.preTokenize(s);
        }
    }
}
