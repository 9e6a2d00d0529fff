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
        String t = ns.get();
        int n = t.length();
        List<NormalizedString> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < n; ) {
            int cp = t.codePointAt(i);
            int u = Character.charCount(cp);
            if (Chars.isWhitespace(cp)) {
                if (start >= 0) {
                    out.add(ns.slice(start, i));
                    start = -1;
                }
            } else if (Chars.isPunctuation(cp)) {
                if (start >= 0) {
                    out.add(ns.slice(start, i));
                    start = -1;
                }
                out.add(ns.slice(i, i + u));
            } else if (start < 0) {
                start = i;
            }
            i += u;
        }
        if (start >= 0) {
            out.add(ns.slice(start, n));
        }
        return out;
    }
}
