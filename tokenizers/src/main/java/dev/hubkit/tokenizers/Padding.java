package dev.hubkit.tokenizers;

import java.util.Objects;

/**
 * Padding settings, as the {@code padding} section of tokenizer.json.
 *
 * @param strategy pad to the longest of the batch, or to a fixed length
 * @param length target length for {@link Strategy#FIXED}
 * @param direction side where pad tokens go
 * @param padToMultipleOf round the target length up to a multiple of this (nullable)
 * @param padId id of the pad token
 * @param padTypeId type id given to pad tokens
 * @param padToken text of the pad token
 */
public record Padding(Strategy strategy, int length, Direction direction, Integer padToMultipleOf,
                      int padId, int padTypeId, String padToken) {

    /** Target length policy. */
    public enum Strategy { BATCH_LONGEST, FIXED }

    public Padding {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(padToken, "padToken");
        if (length < 0) {
            throw new TokenizerException("padding length must be >= 0, got " + length);
        }
    }

    /** Right padding to the longest encoding of a batch with the given pad token. */
    public static Padding batchLongest(int padId, String padToken) {
        return new Padding(Strategy.BATCH_LONGEST, 0, Direction.RIGHT, null, padId, 0, padToken);
    }
}
