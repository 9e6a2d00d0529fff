package dev.hubkit.tokenizers.normalizers;

import dev.hubkit.tokenizers.text.NormalizedString;

/** Unicode lowercase, per code point. */
public record Lowercase() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.lowercase();
    }
}
