package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.Patterns;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import dev.hubkit.tokenizers.text.SplitBehavior;
import dev.hubkit.tokenizers.text.SplitPattern;
import java.util.List;

/** SentencePiece-style: spaces become {@code replacement}, optionally prepended, then split before each one. */
public record Metaspace(int replacement, PrependScheme prependScheme, boolean split) implements PreTokenizer {

    /** When the replacement char is prepended. */
    public enum PrependScheme { ALWAYS, FIRST, NEVER }

    @Override
    public void preTokenize(PreTokenizedString s) {
        String rep = new String(Character.toChars(replacement));
        SplitPattern space = Patterns.codePoint(' ');
        SplitPattern repPattern = Patterns.codePoint(replacement);
        s.split(ns -> {
            ns.replace(space, rep);
            if (prependScheme == PrependScheme.ALWAYS
                    || (prependScheme == PrependScheme.FIRST && ns.originalStart() == 0)) {
                if (!ns.get().startsWith(rep)) {
                    ns.prepend(rep);
                }
            }
            return split ? ns.split(repPattern, SplitBehavior.MERGED_WITH_NEXT) : List.of(ns);
        });
    }
}
