package dev.hubkit.tokenizers.normalizers;

import dev.hubkit.tokenizers.text.NormalizedString;

/** Removes leading and/or trailing whitespace. */
public record Strip(boolean left, boolean right) implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.strip(left, right);
    }
}
