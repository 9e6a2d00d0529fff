package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.Patterns;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import dev.hubkit.tokenizers.text.SplitBehavior;
import dev.hubkit.tokenizers.text.SplitPattern;
import java.util.regex.Pattern;

/** Keeps runs of word chars and runs of other non-space chars ({@code \w+|[^\w\s]+}). */
public record Whitespace() implements PreTokenizer {
    private static final SplitPattern WORDS =
            Patterns.regex(Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS)).invert();

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split(ns -> ns.split(WORDS, SplitBehavior.REMOVED));
    }
}
