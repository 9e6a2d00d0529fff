package dev.hubkit.tokenizers.normalizers;

import dev.hubkit.tokenizers.text.Chars;
import dev.hubkit.tokenizers.text.NormalizedString;

/** Removes combining marks (Mn, Mc, Me; use after NFD/NFKD). */
public record StripAccents() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.filter(c -> !Chars.isMark(c));
    }
}
