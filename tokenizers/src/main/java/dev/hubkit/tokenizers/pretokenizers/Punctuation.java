package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.Chars;
import dev.hubkit.tokenizers.text.Patterns;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import dev.hubkit.tokenizers.text.SplitBehavior;
import dev.hubkit.tokenizers.text.SplitPattern;

/** Splits on punctuation chars. */
public record Punctuation(SplitBehavior behavior) implements PreTokenizer {
    private static final SplitPattern PUNCT = Patterns.chars(Chars::isPunctuation);

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split(ns -> ns.split(PUNCT, behavior));
    }
}
