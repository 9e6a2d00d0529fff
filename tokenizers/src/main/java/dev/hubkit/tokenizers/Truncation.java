package dev.hubkit.tokenizers;

import java.util.Objects;

/**
 * Truncation settings, as the {@code truncation} section of tokenizer.json.
 *
 * @param maxLength maximum number of tokens, special tokens included
 * @param strategy which sequence of a pair loses tokens
 * @param stride number of tokens repeated between an encoding and its overflowing parts
 * @param direction side from which tokens are removed
 */
public record Truncation(int maxLength, Strategy strategy, int stride, Direction direction) {

    /** How a pair of sequences is shortened. */
    public enum Strategy { LONGEST_FIRST, ONLY_FIRST, ONLY_SECOND }

    public Truncation {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(direction, "direction");
        if (maxLength < 0 || stride < 0) {
            throw new TokenizerException("truncation max_length and stride must be >= 0, got max_length="
                    + maxLength + " stride=" + stride);
        }
    }

    /** Right-side longest-first truncation to {@code maxLength}, no stride. */
    public static Truncation of(int maxLength) {
        return new Truncation(maxLength, Strategy.LONGEST_FIRST, 0, Direction.RIGHT);
    }
}
