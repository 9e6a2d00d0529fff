package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.NormalizedString;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import dev.hubkit.tokenizers.text.RustUnicodeTables;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits where the Unicode script changes (Hiragana/Katakana count as Han; spaces and unassigned code points as
 * any script). Like the Rust library, a piece starts at a char with a script, so leading any-script chars of a
 * piece are dropped. The Rust script table is Unicode 9.0: code points assigned later count as any script here too.
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
        if (c >= 0x80 && RustUnicodeTables.assignedAfterUnicode9(c)) {
            return ANY;
        }
        Character.UnicodeScript s = RustUnicodeTables.unicode9Script(c);
        if (s == null) {
            s = Character.UnicodeScript.of(c);
        }
        if (s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA) {
            return Character.UnicodeScript.HAN;
        }
        // Code points without a script (unassigned: UNKNOWN) count as any script, as in the Rust tables.
        return s;
    }

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split(UnicodeScripts::split);
    }

    private static List<NormalizedString> split(NormalizedString ns) {
        String t = ns.get();
        List<NormalizedString> out = new ArrayList<>();
        Character.UnicodeScript last = null;
        int start = -1;
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            Character.UnicodeScript sc = fixedScript(cp);
            if (sc != ANY && last != ANY && last != sc) {
                if (start >= 0) {
                    out.add(ns.slice(start, i));
                }
                start = i;
            }
            if (sc != ANY) {
                last = sc;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            out.add(ns.slice(start, t.length()));
        }
        return out;
    }
}
