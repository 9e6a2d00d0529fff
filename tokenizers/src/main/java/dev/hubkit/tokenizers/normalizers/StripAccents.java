package dev.hubkit.tokenizers.normalizers;

import dev.hubkit.tokenizers.text.NormalizedString;
import dev.hubkit.tokenizers.text.RustUnicodeTables;

/** Removes combining marks as the Rust library's table has them (Mn, Mc, Me; use after NFD/NFKD). */
public record StripAccents() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.filter(c -> !RustUnicodeTables.isCombiningMark(c));
    }
}
