package dev.hubkit.tokenizers.normalizers;

import dev.hubkit.tokenizers.text.NormalizedString;

/** Prepends a string to every non-empty piece. */
public record Prepend(String prepend) implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        if (!s.isEmpty()) {
            s.prepend(prepend);
        }
    }
}
