package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.Patterns;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import dev.hubkit.tokenizers.text.SplitBehavior;

/** Splits on one delimiter char, removing it. */
public record CharDelimiterSplit(int delimiter) implements PreTokenizer {
    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split(ns -> ns.split(Patterns.codePoint(delimiter), SplitBehavior.REMOVED));
    }
}
