package dev.hubkit.tokenizers.models;

import java.util.Arrays;

/**
 * Merge rank of a token pair {@code (left id, right id)}. When ids fit in 21 bits and ranks in 22 (every real
 * vocabulary), pair and rank are packed into one {@code long} per slot of an open-addressing table, so a lookup
 * touches one cache line; otherwise a {@link LongIntMap} holds them. Immutable after construction.
 */
final class PairRanks {
    private static final int ID_BITS = 21;
    private static final int RANK_BITS = 22;
    private static final long RANK_MASK = (1L << RANK_BITS) - 1;
    /** All ones: ids and rank at their maxima, which {@link #packable} excludes. */
    private static final long EMPTY = -1L;

    private final long[] slots;
    private final int mask;
    private final LongIntMap fallback;
    private final int size;

    /**
     * @param lefts  left id of merge r at index r
     * @param rights right id of merge r
     * @param n      number of merges; a later duplicate pair overrides an earlier one (as in a map)
     */
    PairRanks(int[] lefts, int[] rights, int n) {
        if (packable(lefts, rights, n)) {
            int cap = Integer.highestOneBit(Math.max(16, n * 2 - 1)) << 1;
            slots = new long[cap];
            Arrays.fill(slots, EMPTY);
            mask = cap - 1;
            fallback = null;
            int distinct = 0;
            for (int r = 0; r < n; r++) {
                long key = key(lefts[r], rights[r]);
                int i = mix(key) & mask;
                while (slots[i] != EMPTY && (slots[i] & ~RANK_MASK) != key) {
                    i = (i + 1) & mask;
                }
                if (slots[i] == EMPTY) {
                    distinct++;
                }
                slots[i] = key | r;
            }
            size = distinct;
        } else {
            slots = null;
            mask = 0;
            fallback = new LongIntMap(n);
            for (int r = 0; r < n; r++) {
                fallback.put(((long) lefts[r] << 32) | (rights[r] & 0xFFFFFFFFL), r);
            }
            size = fallback.size();
        }
    }

    private static boolean packable(int[] lefts, int[] rights, int n) {
        if (n >= (1 << RANK_BITS) - 1) {
            return false;
        }
        int limit = (1 << ID_BITS) - 1;
        for (int r = 0; r < n; r++) {
            if (lefts[r] < 0 || lefts[r] >= limit || rights[r] < 0 || rights[r] >= limit) {
                return false;
            }
        }
        return true;
    }

    private static long key(int a, int b) {
        return ((long) a << (ID_BITS + RANK_BITS)) | ((long) b << RANK_BITS);
    }

    private static int mix(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** Rank of merging {@code a} then {@code b}, or -1. */
    int get(int a, int b) {
        if (slots == null) {
            return fallback.get(((long) a << 32) | (b & 0xFFFFFFFFL));
        }
        if ((a | b) >>> ID_BITS != 0) {
            return -1;
        }
        long key = key(a, b);
        int i = mix(key) & mask;
        long s;
        while ((s = slots[i]) != EMPTY) {
            if ((s & ~RANK_MASK) == key) {
                return (int) (s & RANK_MASK);
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Number of distinct pairs. */
    int size() {
        return size;
    }
}
