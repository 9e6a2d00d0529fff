package dev.hubkit.tokenizers.text;

/**
 * A split pattern whose matches tile the whole input: every position starts a match, and each match ends
 * where the next one starts, so a caller can walk the pieces with {@link #matchEnd} and no match array.
 */
public interface TilingSplitPattern extends SplitPattern {

    /** End of the match starting at {@code i < s.length()}: consecutive matches cover the whole string. */
    int matchEnd(String s, int i);
}
