package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.Chars;
import dev.hubkit.tokenizers.text.NormalizedString;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import java.util.ArrayList;
import java.util.List;

/** Splits on whitespace (removed) and isolates each punctuation char. */
public record BertPreTokenizer() implements PreTokenizer {
    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split(BertPreTokenizer::split);
    }

    private static List<NormalizedString> split(NormalizedString ns) {
        List<NormalizedString> out = new ArrayList<>();
        for (long r = nextPiece(ns, 0); r >= 0; r = nextPiece(ns, (int) r)) {
            out.add(ns.slice((int) (r >>> 32), (int) r));
        }
        return out;
    }

    /**
     * The first piece of {@code t} at or after {@code pos}, as {@code start << 32 | end}, or -1 when none is left:
     * lets callers walk the pieces without creating them.
     */
    public static long nextPiece(CharSequence t, int pos) {
        int n = t.length();
        int i = pos;
        while (i < n) {
            char c = t.charAt(i);
            if (c < 0x80) {
                if (!(c == ' ' || (c >= 0x09 && c <= 0x0D))) {
                    break;
                }
                i++;
                continue;
            }
            int cp = Character.codePointAt(t, i);
            if (!Chars.isWhitespace(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        if (i >= n) {
            return -1;
        }
        int cp = Character.codePointAt(t, i);
        int u = Character.charCount(cp);
        if (Chars.isPunctuation(cp)) {
            return ((long) i << 32) | (i + u);
        }
        int start = i;
        i += u;
        while (i < n) {
            char c = t.charAt(i);
            if (c < 0x80) {
                if (c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 33 && c <= 47) || (c >= 58 && c <= 64)
                        || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
                    break;
                }
                i++;
                continue;
            }
            cp = Character.codePointAt(t, i);
            if (Chars.isWhitespace(cp) || Chars.isPunctuation(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return ((long) start << 32) | i;
    }
}
