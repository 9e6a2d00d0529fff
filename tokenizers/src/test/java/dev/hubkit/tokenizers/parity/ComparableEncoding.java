package dev.hubkit.tokenizers.parity;

import java.util.List;

/**
 * One encoding in a form both implementations can be reduced to: offsets are code-point offsets
 * into the input the token came from (the first or the second text of a pair), or {@code null}
 * where the oracle reports none.
 */
record ComparableEncoding(
    int[] ids,
    String[] tokens,
    int[][] offsets,
    int[] typeIds,
    int[] attentionMask,
    int[] specialTokensMask,
    int[] wordIds,
    int[] sequenceIds,
    List<ComparableEncoding> overflowing) {}
