package dev.hubkit.tokenizers.text;

/**
 * Something to split or replace on. {@link #findMatches} returns triples {@code (start, end, isMatch)} that
 * cover the whole input in order (UTF-16 offsets), as the Rust {@code Pattern::find_matches}.
 */
public interface SplitPattern {

    /** Triples (start, end, isMatch 0/1) covering {@code s}. */
    int[] findMatches(String s);

    /** The same pattern with isMatch flipped. */
    default SplitPattern invert() {
        SplitPattern self = this;
        return s -> {
            int[] m = self.findMatches(s);
            for (int i = 2; i < m.length; i += 3) {
                m[i] = 1 - m[i];
            }
            return m;
        };
    }
}
