package dev.hubkit.tokenizers.normalizers;

import dev.hubkit.tokenizers.text.ByteLevelAlphabet;
import dev.hubkit.tokenizers.text.NormalizedString;

/** Maps every UTF-8 byte of the text to its byte-level char. */
public record ByteLevelNormalizer() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        ByteLevelAlphabet.toByteLevel(s);
    }
}
