package dev.hubkit.tokenizers.normalizers;

import dev.hubkit.tokenizers.text.Chars;
import dev.hubkit.tokenizers.text.NormalizedString;
import dev.hubkit.tokenizers.text.UnicodeForms;

/**
 * BERT's normalizer: clean control chars and map whitespace to space, isolate CJK ideographs with spaces,
 * strip accents (defaults to {@code lowercase} when null) and lowercase.
 */
public record BertNormalizer(boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase)
        implements Normalizer {

    @Override
    public void normalize(NormalizedString s) {
        if (cleanText && isPlainAscii(s)) {
            // Fast path, same result: nothing to remove, no CJK, no accents; map whitespace and case in one pass.
            boolean lower = lowercase;
            s.map(c -> c == '\t' || c == '\n' || c == '\r' ? ' ' : (lower && c >= 'A' && c <= 'Z' ? c + 32 : c));
            return;
        }
        if (cleanText) {
            s.filter(c -> !(c == 0 || c == 0xFFFD || Chars.isBertControl(c)));
            s.map(c -> Chars.isBertWhitespace(c) ? ' ' : c);
        }
        if (handleChineseChars) {
            String t = s.get();
            boolean any = false;
            for (int i = 0; i < t.length(); ) {
                int cp = t.codePointAt(i);
                if (Chars.isChinese(cp)) {
                    any = true;
                    break;
                }
                i += Character.charCount(cp);
            }
            if (any) {
                NormalizedString.Edit e = s.edit();
                for (int i = 0; i < t.length(); ) {
                    int cp = t.codePointAt(i);
                    if (Chars.isChinese(cp)) {
                        e.add(' ', 0).add(cp, 1).add(' ', 1);
                    } else {
                        e.add(cp, 0);
                    }
                    i += Character.charCount(cp);
                }
                e.apply(0);
            }
        }
        boolean strip = stripAccents == null ? lowercase : stripAccents;
        if (strip) {
            if (!isAscii(s)) {
                UnicodeForms.apply(s, java.text.Normalizer.Form.NFD);
                s.filter(c -> !Chars.isNonSpacingMark(c));
            }
        }
        if (lowercase) {
            s.lowercase();
        }
    }

    /** ASCII without the control chars that clean_text would remove. */
    private static boolean isPlainAscii(NormalizedString s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x7F || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(NormalizedString s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
