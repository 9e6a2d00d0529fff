package dev.hubkit.tokenizers.normalizers;

/**
 * BMP chars that always form a grapheme cluster of their own when the char next to them is one as well: with
 * Java's {@code \X} (JDK 17, extended clusters) two such chars are always split (rule GB999), because neither
 * is CR, Extend, ZWJ, SpacingMark, Prepend, Regional_Indicator or Hangul jamo/syllable. Format, unassigned and
 * surrogate chars are left out to stay on the safe side; {@code GraphemeCharsTest} checks the table against the
 * regex engine itself.
 */
final class GraphemeChars {
    private static final long[] SIMPLE = build();

    private GraphemeChars() {
    }

    /** Whether {@code c} never joins a neighbour that is also simple. */
    static boolean isSimple(char c) {
        return (SIMPLE[c >>> 6] & (1L << c)) != 0;
    }

    private static long[] build() {
        long[] bits = new long[0x10000 / 64];
        for (int c = 0; c < 0x10000; c++) {
            if (simple(c)) {
                bits[c >>> 6] |= 1L << c;
            }
        }
        return bits;
    }

    private static boolean simple(int c) {
        if (c == '\r') {
            return false;
        }
        switch (Character.getType(c)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE:
                return false;
            default:
                break;
        }
        if (c >= 0x1100 && c <= 0x11FF || c >= 0xA960 && c <= 0xA97F || c >= 0xAC00 && c <= 0xD7FF) {
            return false; // Hangul jamo, extended jamo and syllables (L, V, T, LV, LVT)
        }
        // Letters with a special cluster role: SpacingMark (THAI/LAO SARA AM), Extend (halfwidth voiced marks),
        // Prepend (MALAYALAM LETTER DOT REPH).
        return c != 0x0E33 && c != 0x0EB3 && c != 0xFF9E && c != 0xFF9F && c != 0x0D4E;
    }
}
