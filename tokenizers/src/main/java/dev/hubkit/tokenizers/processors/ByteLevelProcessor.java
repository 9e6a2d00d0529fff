package dev.hubkit.tokenizers.processors;

import dev.hubkit.tokenizers.Encoding;
import dev.hubkit.tokenizers.text.ByteLevelAlphabet;
import dev.hubkit.tokenizers.text.Chars;
import java.util.ArrayList;
import java.util.List;

/** Byte-level post-processing: trims the offsets of tokens so they exclude leading/trailing spaces. */
public record ByteLevelProcessor(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex)
        implements PostProcessor {
    private static final char SPACE = ByteLevelAlphabet.charOf(' ');

    @Override
    public int addedTokens(boolean isPair) {
        return 0;
    }

    @Override
    public List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens) {
        if (!trimOffsets) {
            return encodings;
        }
        List<Encoding> out = new ArrayList<>();
        for (Encoding e : encodings) {
            out.add(trimWithOverflowing(e, addPrefixSpace));
        }
        return out;
    }

    static Encoding trimWithOverflowing(Encoding e, boolean addPrefixSpace) {
        List<Encoding> over = new ArrayList<>();
        for (Encoding o : e.overflowing()) {
            over.add(trim(o, addPrefixSpace));
        }
        return trim(e, addPrefixSpace).withOverflowing(over);
    }

    private static boolean isSpace(int c) {
        return c == SPACE || Chars.isWhitespace(c);
    }

    static Encoding trim(Encoding e, boolean addPrefixSpace) {
        String[] tokens = e.rawTokens();
        int[] s = e.rawStarts().clone();
        int[] en = e.rawEnds().clone();
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            int lead = 0;
            for (int k = 0; k < t.length(); ) {
                int cp = t.codePointAt(k);
                if (!isSpace(cp)) {
                    break;
                }
                lead++;
                k += Character.charCount(cp);
            }
            int trail = 0;
            for (int k = t.length(); k > 0; ) {
                int cp = t.codePointBefore(k);
                if (!isSpace(cp)) {
                    break;
                }
                trail++;
                k -= Character.charCount(cp);
            }
            if (lead > 0 || trail > 0) {
                if (lead > 0) {
                    boolean isFirst = i == 0 || s[i] == 0;
                    if (isFirst && addPrefixSpace && lead == 1) {
                        lead = 0;
                    }
                    s[i] = Math.min(s[i] + lead, en[i]);
                }
                if (trail > 0 && en[i] >= trail) {
                    en[i] = Math.max(en[i] - trail, s[i]);
                }
            }
        }
        return e.withOffsets(s, en);
    }
}
