package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.NormalizedString;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits where the Unicode script changes (Hiragana/Katakana count as Han; spaces and unassigned code points as
 * any script). Like the Rust library, leading any-script chars of a piece are dropped.
 */
public record UnicodeScripts() implements PreTokenizer {
    private static final Character.UnicodeScript ANY = Character.UnicodeScript.UNKNOWN;

    static Character.UnicodeScript fixedScript(int c) {
        if (c == 0x30FC) {
            return Character.UnicodeScript.HAN;
        }
        if (c == ' ') {
            return ANY;
        }
        Character.UnicodeScript s = Character.UnicodeScript.of(c);
        if (s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA) {
            return Character.UnicodeScript.HAN;
        }
        // Code points without a script (unassigned) count as any script, as in the Rust tables.
        return s;
    }

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split(UnicodeScripts::split);
    }

    private static List<NormalizedString> split(NormalizedString ns) {
        String t = ns.get();
        List<Integer> ranges = new ArrayList<>();
        Character.UnicodeScript last = null;
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            Character.UnicodeScript sc = fixedScript(cp);
            if (sc != ANY && last != ANY && last != sc) {
                ranges.add(i);
            }
            if (sc != ANY) {
                last = sc;
            }
            i += Character.charCount(cp);
        }
        ranges.add(t.length());
        List<NormalizedString> out = new ArrayList<>();
        for (int i = 0; i + 1 < ranges.size(); i++) {
            out.add(ns.slice(ranges.get(i), ranges.get(i + 1)));
        }
        return out;
    }
}
