package dev.hubkit.tokenizers.text;

/**
 * Hand-written matcher equivalent to the GPT-2 split regex
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+} (no regex engine, no
 * allocation besides the result). Differentially tested against the regex.
 */
public final class Gpt2Splitter implements TilingSplitPattern {
    public static final Gpt2Splitter INSTANCE = new Gpt2Splitter();

    private static final int LETTER = 1;
    private static final int NUMBER = 2;
    private static final int SPACE = 3;
    private static final int OTHER = 4;
    private static final byte[] ASCII = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            ASCII[c] = (byte) classifySlow(c);
        }
    }

    private Gpt2Splitter() {
    }

    private static int classifySlow(int c) {
        if (Chars.isWhitespace(c)) {
            return SPACE;
        }
        if (Character.isLetter(c)) {
            return LETTER;
        }
        if (Chars.isNumeric(c)) {
            return NUMBER;
        }
        return OTHER;
    }

    private static int classify(int c) {
        return c < 128 ? ASCII[c] : classifySlow(c);
    }

    @Override
    public int[] findMatches(String s) {
        int n = s.length();
        if (n == 0) {
            return new int[] {0, 0, 0};
        }
        IntBuf out = new IntBuf(n / 2 + 4);
        int i = 0;
        while (i < n) {
            int end = matchAt(s, i, n);
            out.add3(i, end, 1);
            i = end;
        }
        return out.toArray();
    }

    @Override
    public int matchEnd(String s, int i) {
        return matchAt(s, i, s.length());
    }

    /** End of the match starting at {@code i} (the regex matches at every position of this alphabet). */
    private static int matchAt(String s, int i, int n) {
        char c = s.charAt(i);
        if (c == '\'' && i + 1 < n) {
            char d = s.charAt(i + 1);
            if (d == 's' || d == 't' || d == 'm' || d == 'd') {
                return i + 2;
            }
            if (i + 2 < n) {
                char e = s.charAt(i + 2);
                if ((d == 'r' && e == 'e') || (d == 'v' && e == 'e') || (d == 'l' && e == 'l')) {
                    return i + 3;
                }
            }
        }
        int start = i;
        if (c == ' ' && i + 1 < n) {
            int next = s.codePointAt(i + 1);
            int k = classify(next);
            if (k != SPACE) {
                return run(s, i + 1, n, k);
            }
        }
        int cp = s.codePointAt(i);
        int k = classify(cp);
        if (k != SPACE) {
            return run(s, i, n, k);
        }
        // whitespace run
        int j = i;
        while (j < n) {
            int w = s.codePointAt(j);
            if (classify(w) != SPACE) {
                break;
            }
            j += Character.charCount(w);
        }
        if (j == n) {
            return j;
        }
        // \s+(?!\S): give back the last whitespace char if at least one remains
        int last = j - Character.charCount(s.codePointBefore(j));
        return last > start ? last : j;
    }

    private static int run(String s, int i, int n, int kind) {
        int j = i;
        while (j < n) {
            int cp = s.codePointAt(j);
            if (classify(cp) != kind) {
                break;
            }
            j += Character.charCount(cp);
        }
        return j;
    }
}
