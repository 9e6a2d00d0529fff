package dev.hubkit.tokenizers.text;

import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Factories for {@link SplitPattern}s. */
public final class Patterns {
    private Patterns() {
    }

    /** Every code point satisfying {@code p} is a one-char match. */
    public static SplitPattern chars(IntPredicate p) {
        return s -> {
            int n = s.length();
            if (n == 0) {
                return new int[] {0, 0, 0};
            }
            IntBuf out = new IntBuf(16);
            int last = 0;
            for (int i = 0; i < n; ) {
                int cp = s.codePointAt(i);
                int u = Character.charCount(cp);
                if (p.test(cp)) {
                    if (last < i) {
                        out.add3(last, i, 0);
                    }
                    out.add3(i, i + u, 1);
                    last = i + u;
                }
                i += u;
            }
            if (last < n) {
                out.add3(last, n, 0);
            }
            return out.toArray();
        };
    }

    /** A single code point. */
    public static SplitPattern codePoint(int c) {
        return chars(x -> x == c);
    }

    /** Literal occurrences of {@code lit} (an empty literal never matches). */
    public static SplitPattern literal(String lit) {
        if (lit.isEmpty()) {
            return s -> s.isEmpty() ? new int[] {0, 0, 0} : new int[] {0, s.length(), 0};
        }
        return s -> {
            int n = s.length();
            if (n == 0) {
                return new int[] {0, 0, 0};
            }
            IntBuf out = new IntBuf(16);
            int prev = 0;
            int i = s.indexOf(lit);
            while (i >= 0) {
                if (prev != i) {
                    out.add3(prev, i, 0);
                }
                out.add3(i, i + lit.length(), 1);
                prev = i + lit.length();
                i = s.indexOf(lit, prev);
            }
            if (prev != n) {
                out.add3(prev, n, 0);
            }
            return out.toArray();
        };
    }

    /** Regex matches (non-overlapping, left to right, as onig's find_iter). */
    public static SplitPattern regex(Pattern re) {
        return s -> {
            int n = s.length();
            if (n == 0) {
                return new int[] {0, 0, 0};
            }
            IntBuf out = new IntBuf(32);
            int prev = 0;
            Matcher m = re.matcher(s);
            while (m.find()) {
                int st = m.start();
                int en = m.end();
                if (prev != st) {
                    out.add3(prev, st, 0);
                }
                out.add3(st, en, 1);
                prev = en;
            }
            if (prev != n) {
                out.add3(prev, n, 0);
            }
            return out.toArray();
        };
    }
}
