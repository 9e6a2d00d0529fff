package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.Chars;
import dev.hubkit.tokenizers.text.Patterns;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import dev.hubkit.tokenizers.text.SplitBehavior;
import dev.hubkit.tokenizers.text.SplitPattern;

/** Splits digits from the rest, each on its own or as runs. */
public record Digits(boolean individualDigits) implements PreTokenizer {
    private static final SplitPattern DIGIT = Patterns.chars(Chars::isNumeric);

    @Override
    public void preTokenize(PreTokenizedString s) {
        SplitBehavior b = individualDigits ? SplitBehavior.ISOLATED : SplitBehavior.CONTIGUOUS;
        s.split(ns -> ns.split(DIGIT, b));
    }
}
