package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.Chars;
import dev.hubkit.tokenizers.text.Patterns;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import dev.hubkit.tokenizers.text.SplitBehavior;
import dev.hubkit.tokenizers.text.SplitPattern;

/** Splits on whitespace, dropping it. */
public record WhitespaceSplit() implements PreTokenizer {
    private static final SplitPattern WS = Patterns.chars(Chars::isWhitespace);

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split(ns -> ns.split(WS, SplitBehavior.REMOVED));
    }
}
