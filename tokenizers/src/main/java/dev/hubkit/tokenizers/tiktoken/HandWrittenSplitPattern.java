package dev.hubkit.tokenizers.tiktoken;

import dev.hubkit.tokenizers.text.IntBuf;
import java.util.Optional;

/**
 * A {@link dev.hubkit.tokenizers.text.SplitPattern} backed by a hand-written splitter instead of a regex
 * engine, for the split regexes of cl100k_base and o200k_base. It returns exactly the matches of the regex
 * it stands for (every character lies in a match, so all triples are matches).
 */
public enum HandWrittenSplitPattern implements dev.hubkit.tokenizers.text.TilingSplitPattern {
    /** tiktoken's own cl100k_base regex ({@link SplitPattern#CL100K}). */
    CL100K_TIKTOKEN(SplitPattern.CL100K.regex()),
    /** The cl100k regex as Hugging Face tokenizer.json files spell it ({@link TiktokenToTokenizerJson#CL100K_REGEX}). */
    CL100K_HUGGING_FACE(TiktokenToTokenizerJson.CL100K_REGEX),
    /** The o200k_base regex ({@link SplitPattern#O200K}; tokenizer.json files spell it the same way). */
    O200K(SplitPattern.O200K.regex());

    private final String regex;

    HandWrittenSplitPattern(String regex) {
        this.regex = regex;
    }

    /** The regex source this splitter is equivalent to. */
    public String regex() {
        return regex;
    }

    /** The hand-written splitter for exactly this regex source, if there is one. */
    public static Optional<HandWrittenSplitPattern> forRegex(String regex) {
        for (HandWrittenSplitPattern p : values()) {
            if (p.regex.equals(regex)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public int matchEnd(String s, int i) {
        return matchEnd(s, i, s.length());
    }

    /** End of the match starting at {@code i < end}, with {@code end} as the end of the text. */
    int matchEnd(String s, int i, int end) {
        return switch (this) {
            case CL100K_TIKTOKEN -> Cl100kSplitter.matchEnd(s, i, end);
            case CL100K_HUGGING_FACE -> Cl100kSplitter.matchEndHuggingFace(s, i, end);
            case O200K -> O200kSplitter.matchEnd(s, i, end);
        };
    }

    @Override
    public int[] findMatches(String s) {
        int n = s.length();
        if (n == 0) {
            return new int[] {0, 0, 0};
        }
        IntBuf out = new IntBuf(n / 2 + 3);
        int i = 0;
        while (i < n) {
            int e = matchEnd(s, i, n);
            out.add3(i, e, 1);
            i = e;
        }
        return out.toArray();
    }
}
