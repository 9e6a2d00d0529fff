package dev.hubkit.tokenizers.normalizers;

import dev.hubkit.tokenizers.text.NormalizedString;
import dev.hubkit.tokenizers.text.SplitPattern;

/** Replaces every match of a literal or regex pattern by {@code content}. */
public record Replace(SplitPattern pattern, String content) implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.replace(pattern, content);
    }
}
