package dev.hubkit.tokenizers.text;

/** Unicode character predicates with the exact semantics the Rust tokenizers library uses. */
public final class Chars {
    private Chars() {
    }

    /** Rust {@code char::is_whitespace}: the Unicode White_Space property. */
    public static boolean isWhitespace(int c) {
        if (c < 0x80) {
            return c == ' ' || (c >= 0x09 && c <= 0x0D);
        }
        switch (c) {
            case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
                return true;
            default:
                return c >= 0x2000 && c <= 0x200A;
        }
    }

    /** BERT whitespace: tab, newline, carriage return or White_Space. */
    public static boolean isBertWhitespace(int c) {
        return isWhitespace(c);
    }

    /** BERT control: categories Cc, Cf, Cn, Co except tab, newline and carriage return. */
    public static boolean isBertControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        if (c < 0x80) {
            return c < 0x20 || c == 0x7F;
        }
        // Rust's tables (unicode_categories) do not flag unassigned code points, so only Cc, Cf and Co count.
        int t = Character.getType(c);
        return t == Character.CONTROL || t == Character.PRIVATE_USE
                || t == Character.FORMAT && !RustUnicodeTables.keptByBertCleaning(c);
    }

    /** Unicode punctuation (P*) or ASCII punctuation. */
    public static boolean isPunctuation(int c) {
        if (c < 0x80) {
            return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
        }
        switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION: case Character.DASH_PUNCTUATION: case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION: case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION: case Character.OTHER_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }

    /** CJK ideographs as BERT defines them. */
    public static boolean isChinese(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
    }

    /** Nonspacing mark (Mn). */
    public static boolean isNonSpacingMark(int c) {
        return c >= 0x300 && Character.getType(c) == Character.NON_SPACING_MARK;
    }

    /** Any mark (Mn, Mc, Me). */
    public static boolean isMark(int c) {
        int t = Character.getType(c);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
    }

    /** Rust regex {@code \w} (Unicode word character). */
    public static boolean isWordChar(int c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
        if (Character.isAlphabetic(c) || c == 0x200C || c == 0x200D) {
            return true;
        }
        int t = Character.getType(c);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK
                || t == Character.ENCLOSING_MARK || t == Character.DECIMAL_DIGIT_NUMBER
                || t == Character.CONNECTOR_PUNCTUATION;
    }

    /** Rust {@code char::is_numeric}: categories Nd, Nl, No. */
    public static boolean isNumeric(int c) {
        if (c < 0x80) {
            return c >= '0' && c <= '9';
        }
        int t = Character.getType(c);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    /** Rust {@code char::is_alphanumeric}: Alphabetic or numeric. */
    public static boolean isAlphanumeric(int c) {
        return Character.isAlphabetic(c) || isNumeric(c);
    }

    /**
     * Rust {@code char::to_lowercase} for one code point; returns either one code point, or -1 when the result is
     * the two code points of {@link #LOWER_I_DOT}.
     */
    public static int lowercase(int c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? c + 32 : c;
        }
        if (c == 0x130) {
            return -1;
        }
        int l = Character.toLowerCase(c);
        return l != c ? l : RustUnicodeTables.newerLowercase(c);
    }

    /** Lowercase of U+0130. */
    public static final int[] LOWER_I_DOT = {'i', 0x307};
}
