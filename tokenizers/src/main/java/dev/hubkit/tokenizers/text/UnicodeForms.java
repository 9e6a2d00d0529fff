package dev.hubkit.tokenizers.text;

import java.text.Normalizer;

/** Unicode normalization forms applied to a {@link NormalizedString} while keeping alignments. */
public final class UnicodeForms {
    private UnicodeForms() {
    }

    /**
     * Applies {@code form}. The text is cut into chunks that start at a non-mark code point (where no
     * composition or reordering can cross); each chunk is normalized on its own and its output chars are aligned
     * to its input chars in order (extra output chars count as insertions, missing ones as removals).
     */
    public static void apply(NormalizedString ns, Normalizer.Form form) {
        String s = ns.get();
        if (Normalizer.isNormalized(s, form)) {
            return;
        }
        NormalizedString.Edit edit = ns.edit();
        int n = s.length();
        int i = 0;
        while (i < n) {
            int j = i + Character.charCount(s.codePointAt(i));
            while (j < n) {
                int cp = s.codePointAt(j);
                if (!Chars.isMark(cp) && !isJamoVT(cp)) {
                    break;
                }
                j += Character.charCount(cp);
            }
            String chunk = s.substring(i, j);
            int k = chunk.codePointCount(0, chunk.length());
            String out = Normalizer.normalize(chunk, form);
            int[] cps = out.codePoints().toArray();
            int m = cps.length;
            if (m == 0) {
                // Nothing produced: fold the removal into the previous char when possible.
                edit.add(chunk.codePointAt(0), 0);
            } else if (m >= k) {
                for (int t = 0; t < m; t++) {
                    edit.add(cps[t], t < k ? 0 : 1);
                }
            } else {
                for (int t = 0; t < m; t++) {
                    edit.add(cps[t], t == m - 1 ? -(k - m) : 0);
                }
            }
            i = j;
        }
        edit.apply(0);
    }

    private static boolean isJamoVT(int cp) {
        return (cp >= 0x1160 && cp <= 0x11FF) || (cp >= 0xD7B0 && cp <= 0xD7FF);
    }
}
