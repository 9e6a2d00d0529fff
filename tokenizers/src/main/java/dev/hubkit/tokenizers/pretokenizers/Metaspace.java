package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.NormalizedString;
import dev.hubkit.tokenizers.text.Patterns;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import dev.hubkit.tokenizers.text.SplitBehavior;
import dev.hubkit.tokenizers.text.SplitPattern;
import java.util.ArrayList;
import java.util.List;

/** SentencePiece-style: spaces become {@code replacement}, optionally prepended, then split before each one. */
public record Metaspace(int replacement, PrependScheme prependScheme, boolean split) implements PreTokenizer {

    /** When the replacement char is prepended. */
    public enum PrependScheme { ALWAYS, FIRST, NEVER }

    @Override
    public void preTokenize(PreTokenizedString s) {
        if (Character.isBmpCodePoint(replacement) && !Character.isSurrogate((char) replacement)) {
            s.split(this::splitBmp);
            return;
        }
        String rep = new String(Character.toChars(replacement));
        SplitPattern space = Patterns.codePoint(' ');
        SplitPattern repPattern = Patterns.codePoint(replacement);
        s.split(ns -> {
            ns.replace(space, rep);
            if (prepends(ns) && !ns.get().startsWith(rep)) {
                ns.prepend(rep);
            }
            return split ? ns.split(repPattern, SplitBehavior.MERGED_WITH_NEXT) : List.of(ns);
        });
    }

    private boolean prepends(NormalizedString ns) {
        return prependScheme == PrependScheme.ALWAYS
                || (prependScheme == PrependScheme.FIRST && ns.originalStart() == 0);
    }

    /**
     * The same steps for a one-unit replacement without pattern objects: spaces are replaced in place, and
     * splitting with the replacement merged with what follows starts a piece at every replacement char.
     */
    private List<NormalizedString> splitBmp(NormalizedString ns) {
        char rep = (char) replacement;
        ns.replaceChar(' ', rep);
        if (prepends(ns) && (ns.isEmpty() || ns.charAt(0) != rep)) {
            ns.prepend(String.valueOf(rep));
        }
        if (!split) {
            return List.of(ns);
        }
        int n = ns.length();
        List<NormalizedString> out = new ArrayList<>(Math.max(4, n / 5));
        int start = 0;
        for (int i = 1; i < n; i++) {
            if (ns.charAt(i) == rep) {
                out.add(ns.slice(start, i));
                start = i;
            }
        }
        if (start < n) {
            out.add(ns.slice(start, n));
        }
        return out;
    }
}
