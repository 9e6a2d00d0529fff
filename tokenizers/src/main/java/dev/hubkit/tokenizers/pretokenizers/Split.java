package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.PreTokenizedString;
import dev.hubkit.tokenizers.text.SplitBehavior;
import dev.hubkit.tokenizers.text.SplitPattern;

/** Splits on a literal or regex pattern with a delimiter behavior, optionally inverted. */
public record Split(SplitPattern pattern, SplitBehavior behavior, boolean invert) implements PreTokenizer {
    @Override
    public void preTokenize(PreTokenizedString s) {
        SplitPattern p = invert ? pattern.invert() : pattern;
        s.split(ns -> ns.split(p, behavior));
    }
}
