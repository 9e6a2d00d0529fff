package dev.hubkit.runtime.pipeline;

/**
 * One candidate for the masked token.
 *
 * @param score    probability
 * @param token    token id
 * @param tokenStr the token as text
 * @param sequence the input with the mask replaced, decoded without special tokens
 */
public record MaskPrediction(double score, int token, String tokenStr, String sequence) {
}
