package dev.hubkit.tokenizers.normalizers;

import dev.hubkit.tokenizers.text.Chars;
import dev.hubkit.tokenizers.text.NormalizedString;
import dev.hubkit.tokenizers.text.RustUnicodeTables;
import dev.hubkit.tokenizers.text.UnicodeForms;
import java.util.Arrays;

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
        if (fused(s)) {
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
                s.filter(c -> !RustUnicodeTables.isBertNonSpacingMark(c));
            }
        }
        if (lowercase) {
            s.lowercase();
        }
    }

    /**
     * What the steps below make of one BMP char (cleaning, whitespace, accents stripped after NFD, lowercase),
     * when that does not depend on its neighbours: every output char is then aligned to the char it came from,
     * as the step-by-step alignments give, and removed chars leave no trace. {@link #chars} is null when the
     * char needs the step-by-step path (CJK ideographs, kept combining chars, lowercase to two chars, surrogates).
     */
    private static final class Mapping {
        final char[] chars;

        Mapping(char[] chars) {
            this.chars = chars;
        }
    }

    /** Codes in {@link #CODES}: not computed yet, step-by-step path needed, char dropped, several chars. */
    private static final int UNKNOWN = 0;
    private static final int SLOW = -1;
    private static final int DROPPED = -2;
    private static final int SEVERAL = 0x10001;

    /**
     * Per flag combination, the mapping of each BMP char, filled on first use: 1 + the char it becomes, or one of
     * the codes above (ints are written atomically, so racing threads at worst compute one twice).
     */
    private static final int[][] CODES = new int[16][];
    /** The output of the chars whose code is {@link #SEVERAL}. */
    private static final Mapping[][] SEVERAL_CHARS = new Mapping[16][];

    private int flags() {
        boolean strip = stripAccents == null ? lowercase : stripAccents;
        return (cleanText ? 1 : 0) | (handleChineseChars ? 2 : 0) | (strip ? 4 : 0) | (lowercase ? 8 : 0);
    }

    private int code(int[] codes, Mapping[] several, char c) {
        int code = codes[c];
        if (code == UNKNOWN) {
            char[] m = compute(c);
            if (m == null) {
                code = SLOW;
            } else if (m.length == 0) {
                code = DROPPED;
            } else if (m.length == 1) {
                code = 1 + m[0];
            } else {
                several[c] = new Mapping(m);
                code = SEVERAL;
            }
            codes[c] = code;
        }
        return code;
    }

    private char[] compute(char c) {
        if (Character.isSurrogate(c)) {
            return null;
        }
        int cp = c;
        if (cleanText) {
            if (cp == 0 || cp == 0xFFFD || Chars.isBertControl(cp)) {
                return new char[0]; // removed: the chars around it keep their own alignments
            }
            if (Chars.isBertWhitespace(cp)) {
                cp = ' ';
            }
        }
        if (handleChineseChars && Chars.isChinese(cp)) {
            return null;
        }
        int[] kept;
        boolean strip = stripAccents == null ? lowercase : stripAccents;
        if (strip) {
            int[] d = UnicodeForms.canonicalDecomposition(cp);
            int k = 0;
            int[] out = new int[d.length];
            for (int x : d) {
                if (RustUnicodeTables.isBertNonSpacingMark(x)) {
                    continue;
                }
                if (UnicodeForms.combiningClass(x) != 0) {
                    return null; // a kept non-starter could be reordered with its neighbours
                }
                out[k++] = x;
            }
            kept = Arrays.copyOf(out, k);
        } else {
            kept = new int[] {cp};
        }
        StringBuilder sb = new StringBuilder(kept.length);
        for (int x : kept) {
            int y = lowercase ? Chars.lowercase(x) : x;
            if (y < 0 || !Character.isBmpCodePoint(y) || !Character.isBmpCodePoint(x)) {
                return null;
            }
            sb.append((char) y);
        }
        return sb.toString().toCharArray();
    }

    /**
     * All steps in one pass when every char maps on its own ({@link Mapping}); returns false, changing nothing,
     * when some char needs the step-by-step path.
     */
    private boolean fused(NormalizedString s) {
        int f = flags();
        int[] codes = CODES[f];
        Mapping[] several = SEVERAL_CHARS[f];
        if (codes == null || several == null) {
            several = new Mapping[0x10000];
            SEVERAL_CHARS[f] = several;
            codes = new int[0x10000];
            CODES[f] = codes;
        }
        int n = s.length();
        char[] nb = new char[n + 8];
        int[] ns = new int[nb.length];
        int[] ne = new int[nb.length];
        int w = 0;
        boolean same = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int code = code(codes, several, c);
            if (code == SLOW) {
                return false;
            }
            if (code == DROPPED) {
                same = false;
                continue;
            }
            if (code != SEVERAL) {
                if (w == nb.length) {
                    nb = Arrays.copyOf(nb, w * 2);
                    ns = Arrays.copyOf(ns, w * 2);
                    ne = Arrays.copyOf(ne, w * 2);
                }
                char x = (char) (code - 1);
                same &= x == c;
                nb[w] = x;
                ns[w] = s.alignmentStart(i);
                ne[w++] = s.alignmentEnd(i);
                continue;
            }
            Mapping m = several[c];
            if (m == null) { // written by another thread whose write is not visible yet
                m = new Mapping(compute(c));
            }
            same = false;
            int a0 = s.alignmentStart(i);
            int a1 = s.alignmentEnd(i);
            for (char x : m.chars) {
                if (w == nb.length) {
                    nb = Arrays.copyOf(nb, w * 2);
                    ns = Arrays.copyOf(ns, w * 2);
                    ne = Arrays.copyOf(ne, w * 2);
                }
                nb[w] = x;
                ns[w] = a0;
                ne[w++] = a1;
            }
        }
        if (!same) {
            s.rewrite(nb, ns, ne, w);
        }
        return true;
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
