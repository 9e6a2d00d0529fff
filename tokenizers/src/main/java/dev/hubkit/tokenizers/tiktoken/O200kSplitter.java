package dev.hubkit.tokenizers.tiktoken;

/**
 * A hand-written matcher for the o200k_base split regex ({@link SplitPattern#O200K}):
 * <pre>
 * [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
 * |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
 * |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
 * </pre>
 * giving exactly the matches java.util.regex (and tiktoken's fancy-regex) give, leftmost alternative
 * first with backtracking, without a regex engine. Character classes use the same {@link Character}
 * general categories java.util.regex uses. Every position starts a match, so the text is covered by
 * consecutive matches. The same regex text is what Hugging Face tokenizer.json files of o200k models hold.
 */
final class O200kSplitter {
    // general-category bit masks (1 << Character.getType)
    private static final int LU = 1 << Character.UPPERCASE_LETTER;
    private static final int LL = 1 << Character.LOWERCASE_LETTER;
    private static final int LT = 1 << Character.TITLECASE_LETTER;
    private static final int LM = 1 << Character.MODIFIER_LETTER;
    private static final int LO = 1 << Character.OTHER_LETTER;
    private static final int M = (1 << Character.NON_SPACING_MARK) | (1 << Character.ENCLOSING_MARK)
            | (1 << Character.COMBINING_SPACING_MARK);
    private static final int L = LU | LL | LT | LM | LO;
    private static final int N = (1 << Character.DECIMAL_DIGIT_NUMBER) | (1 << Character.LETTER_NUMBER)
            | (1 << Character.OTHER_NUMBER);
    /** {@code [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]}. */
    private static final int UPPERISH = LU | LT | LM | LO | M;
    /** {@code [\p{Ll}\p{Lm}\p{Lo}\p{M}]}. */
    private static final int LOWERISH = LL | LM | LO | M;

    private O200kSplitter() {
    }

    private static int mask(int c) {
        return 1 << Character.getType(c);
    }

    private static boolean upperish(int c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z';
        }
        return (mask(c) & UPPERISH) != 0;
    }

    private static boolean lowerish(int c) {
        if (c < 0x80) {
            return c >= 'a' && c <= 'z';
        }
        return (mask(c) & LOWERISH) != 0;
    }

    /** {@code [^\r\n\p{L}\p{N}]}. */
    private static boolean prefix(int c) {
        if (c < 0x80) {
            return c != '\r' && c != '\n' && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c >= '0' && c <= '9');
        }
        return (mask(c) & (L | N)) == 0;
    }

    /** {@code [^\s\p{L}\p{N}]}. */
    private static boolean punct(int c) {
        return !Cl100kSplitter.isWhitespace(c) && !Cl100kSplitter.isLetter(c) && !Cl100kSplitter.isNumber(c);
    }

    /** End of the match that starts at {@code i} ({@code i < end}); {@code end} acts as the end of text. */
    static int matchEnd(String s, int i, int end) {
        int c = Cl100kSplitter.cpAt(s, i, end);
        int cl = Cl100kSplitter.len(c);
        boolean pre = prefix(c);
        // 1. [^\r\n\p{L}\p{N}]?[UPPERISH]*[LOWERISH]+ contraction?
        int e = pre && i + cl < end ? upperThenLower(s, i + cl, end) : -1;
        if (e < 0) {
            e = upperThenLower(s, i, end);
        }
        // 2. [^\r\n\p{L}\p{N}]?[UPPERISH]+[LOWERISH]* contraction?
        if (e < 0 && pre && i + cl < end) {
            e = upperRun(s, i + cl, end);
        }
        if (e < 0) {
            e = upperRun(s, i, end);
        }
        if (e >= 0) {
            return contraction(s, e, end);
        }
        // 3. \p{N}{1,3}
        if (Cl100kSplitter.isNumber(c)) {
            int j = i + cl;
            for (int k = 0; k < 2 && j < end; k++) {
                int d = Cl100kSplitter.cpAt(s, j, end);
                if (!Cl100kSplitter.isNumber(d)) {
                    break;
                }
                j += Cl100kSplitter.len(d);
            }
            return j;
        }
        // 4. ' ?[^\s\p{L}\p{N}]+[\r\n/]*'
        int p = -1;
        if (c == ' ' && i + 1 < end && punct(Cl100kSplitter.cpAt(s, i + 1, end))) {
            p = i + 1;
        } else if (punct(c)) {
            p = i;
        }
        if (p >= 0) {
            int j = p;
            while (j < end) {
                int d = Cl100kSplitter.cpAt(s, j, end);
                if (!punct(d)) {
                    break;
                }
                j += Cl100kSplitter.len(d);
            }
            while (j < end) {
                char d = s.charAt(j);
                if (d != '\r' && d != '\n' && d != '/') {
                    break;
                }
                j++;
            }
            return j;
        }
        // c is \s here (not a letter, number or punctuation)
        int j = i;
        int lastNl = -1;
        int lastStart = i;
        while (j < end) {
            int d = Cl100kSplitter.cpAt(s, j, end);
            if (!Cl100kSplitter.isWhitespace(d)) {
                break;
            }
            if (d == '\r' || d == '\n') {
                lastNl = j;
            }
            lastStart = j;
            j += Cl100kSplitter.len(d);
        }
        // 5. \s*[\r\n]+ : backtracks to the last line break of the run
        if (lastNl >= 0) {
            return lastNl + 1;
        }
        // 6. \s+(?!\S)
        if (j == end) {
            return j;
        }
        if (lastStart > i) {
            return lastStart;
        }
        // 7. \s+
        return j;
    }

    /**
     * {@code [UPPERISH]*[LOWERISH]+} at {@code j}: the end of the match or -1. The greedy upper-ish run
     * backs off to the last position where a lower-ish character follows.
     */
    private static int upperThenLower(String s, int j, int end) {
        int lastLower = -1; // start of the last lower-ish char inside the upper-ish run
        int k = j;
        while (k < end) {
            int d = Cl100kSplitter.cpAt(s, k, end);
            if (!upperish(d)) {
                break;
            }
            if (lowerish(d)) {
                lastLower = k;
            }
            k += Cl100kSplitter.len(d);
        }
        if (k < end) {
            int d = Cl100kSplitter.cpAt(s, k, end);
            if (lowerish(d)) {
                return lowerRun(s, k + Cl100kSplitter.len(d), end);
            }
        }
        if (lastLower < 0) {
            return -1;
        }
        // [LOWERISH]+ from lastLower: every char after it in the run, and the char ending it, are not lower-ish
        return lastLower + Cl100kSplitter.len(Cl100kSplitter.cpAt(s, lastLower, end));
    }

    /** {@code [UPPERISH]+[LOWERISH]*} at {@code j}: the end of the match or -1. */
    private static int upperRun(String s, int j, int end) {
        int k = j;
        while (k < end) {
            int d = Cl100kSplitter.cpAt(s, k, end);
            if (!upperish(d)) {
                break;
            }
            k += Cl100kSplitter.len(d);
        }
        return k == j ? -1 : lowerRun(s, k, end);
    }

    private static int lowerRun(String s, int k, int end) {
        while (k < end) {
            int d = Cl100kSplitter.cpAt(s, k, end);
            if (!lowerish(d)) {
                break;
            }
            k += Cl100kSplitter.len(d);
        }
        return k;
    }

    /** {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)?} at {@code e}. */
    static int contraction(String s, int e, int end) {
        if (e + 1 >= end || s.charAt(e) != '\'') {
            return e;
        }
        int c1 = fold(s.charAt(e + 1));
        if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') {
            return e + 2;
        }
        if (e + 2 < end) {
            int c2 = fold(s.charAt(e + 2));
            if (((c1 == 'r' || c1 == 'v') && c2 == 'e') || (c1 == 'l' && c2 == 'l')) {
                return e + 3;
            }
        }
        return e;
    }

    /** The case folding java.util.regex applies with UNICODE_CASE (e.g. U+017F long s folds to 's'). */
    private static int fold(char c) {
        if (c < 0x80) {
            return c | ((c >= 'A' && c <= 'Z') ? 0x20 : 0);
        }
        return Character.toLowerCase(Character.toUpperCase(c));
    }
}
