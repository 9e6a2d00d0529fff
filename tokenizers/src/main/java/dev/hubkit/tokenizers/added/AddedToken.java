package dev.hubkit.tokenizers.added;

/**
 * A token added on top of the model vocabulary.
 *
 * @param content exact text of the token
 * @param singleWord only match when not part of a larger word
 * @param lstrip also swallow whitespace on its left
 * @param rstrip also swallow whitespace on its right
 * @param normalized match against the normalized text (otherwise the raw input)
 * @param special skipped by decode with skipSpecialTokens
 */
public record AddedToken(String content, boolean singleWord, boolean lstrip, boolean rstrip, boolean normalized,
                         boolean special) {
}
