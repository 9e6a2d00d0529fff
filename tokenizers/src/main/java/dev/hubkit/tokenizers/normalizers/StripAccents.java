package dev.hubkit.tokenizers.normalizers;

import dev.hubkit.tokenizers.text.Chars;
import dev.hubkit.tokenizers.text.NormalizedString;

/**
 * Removes combining marks (Mn, Mc, Me; use after NFD/NFKD). U+1CF2 and U+1CF3 (Vedic signs ardhavisarga) count as
 * marks as in the Rust library's older Unicode table (Mc there; Lo since Unicode 10, which Java 17 follows).
 */
public record StripAccents() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.filter(c -> !Chars.isMark(c) && c != 0x1CF2 && c != 0x1CF3);
    }
}
