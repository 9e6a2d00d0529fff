package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.ByteLevelAlphabet;
import dev.hubkit.tokenizers.text.Gpt2Splitter;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import dev.hubkit.tokenizers.text.SplitBehavior;
import dev.hubkit.tokenizers.text.SplitPattern;
import java.util.List;
import java.util.regex.Pattern;

/**
 * GPT-2 byte-level pre-tokenization: optional prefix space, the GPT-2 regex split, then every byte mapped to
 * its printable char.
 */
public record ByteLevelPreTokenizer(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex)
        implements PreTokenizer {

    /** The GPT-2 split regex. */
    public static final Pattern GPT2 = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final SplitPattern GPT2_SPLIT = Gpt2Splitter.INSTANCE;

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split(ns -> {
            if (addPrefixSpace && !ns.get().startsWith(" ")) {
                ns.prepend(" ");
            }
            return useRegex ? ns.split(GPT2_SPLIT, SplitBehavior.ISOLATED) : List.of(ns);
        });
        s.normalize(ByteLevelAlphabet::toByteLevel);
    }
}
