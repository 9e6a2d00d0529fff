package dev.hubkit.tokenizers.tiktoken;

/**
 * A hand-written matcher for the cl100k_base split regex
 * ({@code '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s}),
 * giving exactly the matches java.util.regex (and tiktoken's fancy-regex) give, without a regex engine.
 * Every position starts a match, so the text is covered by consecutive matches.
 */
final class Cl100kSplitter {
    private Cl100kSplitter() {
    }

    /** Unicode White_Space, the set {@code \s} matches in Unicode mode. */
    static boolean isWhitespace(int c) {
        if (c <= 0x20) {
            return c == 0x20 || (c >= 0x09 && c <= 0x0D);
        }
        if (c < 0x85) {
            return false;
        }
        return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029
                || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    static boolean isLetter(int c) {
        if (c < 0x80) {
            return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        }
        return Character.isLetter(c);
    }

    static boolean isNumber(int c) {
        if (c < 0x80) {
            return c >= '0' && c <= '9';
        }
        int t = Character.getType(c);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    /** The code point at {@code i}; a high surrogate whose pair would cross {@code end} stands alone. */
    static int cpAt(String s, int i, int end) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < end) {
            char d = s.charAt(i + 1);
            if (Character.isLowSurrogate(d)) {
                return Character.toCodePoint(c, d);
            }
        }
        return c;
    }

    /** UTF-16 length of {@code cp}. */
    static int len(int cp) {
        return cp >= 0x10000 ? 2 : 1;
    }

    /** End of the match that starts at {@code i} ({@code i < end}); {@code end} acts as the end of text. */
    static int matchEnd(String s, int i, int end) {
        return matchEnd(s, i, end, true);
    }

    /**
     * The same for the variant Hugging Face tokenizer.json files (Llama 3, transformers' TikTokenConverter)
     * hold, {@link TiktokenToTokenizerJson#CL100K_REGEX}:
     * {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+}.
     * It differs from tiktoken's only for a whitespace run that reaches the end of the text and holds a line
     * break: without tiktoken's {@code \s++$} alternative the run ends after its last line break.
     */
    static int matchEndHuggingFace(String s, int i, int end) {
        return matchEnd(s, i, end, false);
    }

    private static int matchEnd(String s, int i, int end, boolean trailingRunWhole) {
        int c = cpAt(s, i, end);
        // 1. '(?i:[sdmt]|ll|ve|re)
        if (c == '\'' && i + 1 < end) {
            int c1 = s.charAt(i + 1);
            if (c1 == 's' || c1 == 'S' || c1 == 0x17F || c1 == 'd' || c1 == 'D' || c1 == 'm' || c1 == 'M'
                    || c1 == 't' || c1 == 'T') {
                return i + 2;
            }
            if (i + 2 < end) {
                int l1 = c1 | 0x20;
                int l2 = s.charAt(i + 2) | 0x20;
                boolean ascii = c1 < 0x80 && s.charAt(i + 2) < 0x80;
                if (ascii && ((l1 == 'l' && l2 == 'l') || (l1 == 'v' && l2 == 'e') || (l1 == 'r' && l2 == 'e'))) {
                    return i + 3;
                }
            }
        }
        // 2. [^\r\n\p{L}\p{N}]?+\p{L}++
        if (isLetter(c)) {
            return letterRun(s, i + len(c), end);
        }
        boolean ws = isWhitespace(c);
        if (c != '\r' && c != '\n' && !isNumber(c)) {
            int j = i + len(c);
            if (j < end && isLetter(cpAt(s, j, end))) {
                return letterRun(s, j, end);
            }
        }
        // 3. \p{N}{1,3}+
        if (isNumber(c)) {
            int j = i + len(c);
            for (int k = 0; k < 2 && j < end; k++) {
                int d = cpAt(s, j, end);
                if (!isNumber(d)) {
                    break;
                }
                j += len(d);
            }
            return j;
        }
        // 4. ' ?[^\s\p{L}\p{N}]++[\r\n]*+'
        int p = -1;
        if (c == ' ' && i + 1 < end && isPunct(cpAt(s, i + 1, end))) {
            p = i + 1;
        } else if (!ws) {
            p = i; // not whitespace, letter or number: punctuation/symbol
        }
        if (p >= 0) {
            int j = p;
            while (j < end) {
                int d = cpAt(s, j, end);
                if (!isPunct(d)) {
                    break;
                }
                j += len(d);
            }
            while (j < end && (s.charAt(j) == '\r' || s.charAt(j) == '\n')) {
                j++;
            }
            return j;
        }
        // whitespace from here on: c is \s
        int j = i;
        int lastNl = -1;
        int lastStart = i;
        while (j < end) {
            int d = cpAt(s, j, end);
            if (!isWhitespace(d)) {
                break;
            }
            if (d == '\r' || d == '\n') {
                lastNl = j;
            }
            lastStart = j;
            j += len(d);
        }
        // 5. \s++$ (tiktoken only; the Hugging Face variant reaches the end through \s+(?!\S) below)
        if (trailingRunWhole && j == end) {
            return j;
        }
        // 6. \s*[\r\n]
        if (lastNl >= 0) {
            return lastNl + 1;
        }
        // 7. \s+(?!\S): give back the last whitespace character if that leaves at least one
        if (j == end) {
            return j;
        }
        if (lastStart > i) {
            return lastStart;
        }
        // 8. \s
        return i + len(c);
    }

    private static boolean isPunct(int c) {
        return !isWhitespace(c) && !isLetter(c) && !isNumber(c);
    }

    private static int letterRun(String s, int j, int end) {
        while (j < end) {
            int d = cpAt(s, j, end);
            if (!isLetter(d)) {
                break;
            }
            j += len(d);
        }
        return j;
    }
}
