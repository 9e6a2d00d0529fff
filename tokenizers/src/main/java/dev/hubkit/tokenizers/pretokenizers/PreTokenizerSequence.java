package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.PreTokenizedString;
import java.util.List;

/**
 * Applies pre-tokenizers in order. {@code Split} directly followed by {@code ByteLevel} without prefix space and
 * without its own regex (the Llama 3 / cl100k / o200k layout) runs as one step that maps each piece to
 * byte-level chars once instead of once per split piece (same pieces, same alignments).
 */
public record PreTokenizerSequence(List<PreTokenizer> preTokenizers) implements PreTokenizer {
    public PreTokenizerSequence {
        preTokenizers = List.copyOf(preTokenizers);
    }

    @Override
    public void preTokenize(PreTokenizedString s) {
        int n = preTokenizers.size();
        for (int i = 0; i < n; i++) {
            PreTokenizer p = preTokenizers.get(i);
            if (i + 1 < n && p instanceof Split split && fusesWith(preTokenizers.get(i + 1))) {
                var pattern = split.invert() ? split.pattern().invert() : split.pattern();
                s.split(ns -> ByteLevelPreTokenizer.splitThenByteLevel(ns, pattern, split.behavior()));
                i++;
                continue;
            }
            p.preTokenize(s);
        }
    }

    private static boolean fusesWith(PreTokenizer next) {
        return next instanceof ByteLevelPreTokenizer b && !b.addPrefixSpace() && !b.useRegex();
    }
}
