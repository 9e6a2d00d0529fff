package dev.hubkit.tokenizers.normalizers;

import dev.hubkit.tokenizers.text.NormalizedString;
import dev.hubkit.tokenizers.text.UnicodeForms;

/** NFC, NFD, NFKC or NFKD. */
public record UnicodeNormalizer(java.text.Normalizer.Form form) implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        UnicodeForms.apply(s, form);
    }
}
