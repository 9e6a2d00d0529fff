package dev.hubkit.tokenizers.pretokenizers;

import dev.hubkit.tokenizers.text.ByteLevelAlphabet;
import dev.hubkit.tokenizers.text.Gpt2Splitter;
import dev.hubkit.tokenizers.text.NormalizedString;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import dev.hubkit.tokenizers.text.SplitBehavior;
import dev.hubkit.tokenizers.text.SplitPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * GPT-2 byte-level pre-tokenization: optional prefix space, the GPT-2 regex split, then every byte mapped to
 * its printable char.
 *
 * <p>Each piece is mapped to bytes as a whole and then cut at the split points (translated to byte-level
 * offsets), which gives the same pieces and alignments as mapping every split piece on its own (a byte-level
 * char is aligned with the char it came from either way) with one edit per piece instead of one per word.
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
            if (!useRegex) {
                toByteLevel(ns, ns.get(), null);
                return List.of(ns);
            }
            return splitThenByteLevel(ns);
        });
    }

    /** GPT-2 split of {@code ns} (ISOLATED: every match is a piece), each piece mapped to byte-level chars. */
    private static List<NormalizedString> splitThenByteLevel(NormalizedString ns) {
        String text = ns.get();
        return byteLevelPieces(ns, text, GPT2_SPLIT.findMatches(text), false);
    }

    /**
     * What {@code Split(pattern, behavior)} followed by {@code ByteLevel(add_prefix_space=false, use_regex=false)}
     * gives for {@code ns}: the split pieces, each mapped to byte-level chars. The whole string is mapped once and
     * then cut (see the class comment for why that is the same).
     */
    static List<NormalizedString> splitThenByteLevel(NormalizedString ns, SplitPattern pattern,
                                                     SplitBehavior behavior) {
        String text = ns.get();
        return byteLevelPieces(ns, text, behavior.splits(pattern.findMatches(text)), true);
    }

    /**
     * Maps {@code ns} to byte-level chars and cuts it at the triples {@code (start, end, flag)}: every triple is a
     * piece, or only those with flag 0 when {@code flagRemoves} (split triples whose flag means "removed").
     */
    private static List<NormalizedString> byteLevelPieces(NormalizedString ns, String text, int[] m,
                                                          boolean flagRemoves) {
        int[] byteAt = new int[text.length() + 1];
        toByteLevel(ns, text, byteAt);
        List<NormalizedString> out = new ArrayList<>(m.length / 3);
        for (int i = 0; i < m.length; i += 3) {
            if (flagRemoves && m[i + 2] != 0) {
                continue;
            }
            int from = byteAt[m[i]];
            int to = byteAt[m[i + 1]];
            if (from < to) {
                out.add(ns.slice(from, to));
            }
        }
        return out;
    }

    /**
     * Replaces every char of {@code ns} (whose text is {@code text}) by the byte-level chars of its UTF-8 bytes,
     * exactly as {@link ByteLevelAlphabet#toByteLevel} (code point by code point; a lone surrogate becomes the
     * bytes of U+FFFD; the first byte of a char replaces it, the others are insertions). When {@code byteAt} is
     * given, {@code byteAt[i]} receives the byte offset of UTF-16 index {@code i} (split points are code point
     * boundaries; the low half of a pair gets its pair's offset).
     */
    private static void toByteLevel(NormalizedString ns, String text, int[] byteAt) {
        int n = text.length();
        int[] cps = new int[n * 3 + 1];
        int[] changes = new int[cps.length];
        int o = 0;
        for (int i = 0; i < n; ) {
            char c = text.charAt(i);
            if (byteAt != null) {
                byteAt[i] = o;
            }
            if (c < 0x80) {
                cps[o++] = ByteLevelAlphabet.charOf(c);
                i++;
            } else if (c < 0x800) {
                cps[o++] = ByteLevelAlphabet.charOf(0xC0 | (c >> 6));
                changes[o] = 1;
                cps[o++] = ByteLevelAlphabet.charOf(0x80 | (c & 0x3F));
                i++;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (byteAt != null) {
                    byteAt[i + 1] = o;
                }
                int cp = Character.toCodePoint(c, text.charAt(i + 1));
                if (o + 4 > cps.length) { // only surrogate pairs take 4 bytes for 2 units; 3 per unit is enough
                    cps = java.util.Arrays.copyOf(cps, cps.length * 2);
                    changes = java.util.Arrays.copyOf(changes, cps.length);
                }
                cps[o++] = ByteLevelAlphabet.charOf(0xF0 | (cp >> 18));
                changes[o] = 1;
                cps[o++] = ByteLevelAlphabet.charOf(0x80 | ((cp >> 12) & 0x3F));
                changes[o] = 1;
                cps[o++] = ByteLevelAlphabet.charOf(0x80 | ((cp >> 6) & 0x3F));
                changes[o] = 1;
                cps[o++] = ByteLevelAlphabet.charOf(0x80 | (cp & 0x3F));
                i += 2;
            } else {
                int cp = Character.isSurrogate(c) ? 0xFFFD : c;
                cps[o++] = ByteLevelAlphabet.charOf(0xE0 | (cp >> 12));
                changes[o] = 1;
                cps[o++] = ByteLevelAlphabet.charOf(0x80 | ((cp >> 6) & 0x3F));
                changes[o] = 1;
                cps[o++] = ByteLevelAlphabet.charOf(0x80 | (cp & 0x3F));
                i++;
            }
        }
        if (byteAt != null) {
            byteAt[n] = o;
        }
        ns.transformRange(0, ns.length(), cps, changes, o, 0);
    }
}
