package dev.hubkit.tokenizers.tiktoken;

import java.util.Arrays;

/**
 * Mergeable ranks: byte sequence to rank in a primitive open-addressing hash table (keys live in
 * one byte pool), plus rank to bytes for decoding.
 */
final class RankTable {
    static final int NONE = Integer.MAX_VALUE;

    private final byte[] pool;
    private final int[] offsets;   // per token index: start in pool; offsets[n] = pool end
    private final int[] ranks;     // per token index
    /** Slot: {@code (hash << 32) | (token index + 1)}, 0 = empty; the hash rejects most probes without the pool. */
    private final long[] table;
    /** Rank of every one-byte and two-byte sequence ({@code b0 << 8 | b1} after the 256 single bytes), or NONE. */
    private final int[] shortRanks;
    private final int mask;
    private final int[] rankToIndex; // rank -> token index, -1 where no token has that rank

    private RankTable(byte[] pool, int[] offsets, int[] ranks) {
        this.pool = pool;
        this.offsets = offsets;
        this.ranks = ranks;
        int n = ranks.length;
        int cap = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;
        this.table = new long[cap];
        this.mask = cap - 1;
        int maxRank = -1;
        for (int r : ranks) {
            maxRank = Math.max(maxRank, r);
        }
        this.rankToIndex = new int[maxRank + 1];
        Arrays.fill(rankToIndex, -1);
        for (int i = 0; i < n; i++) {
            int s = offsets[i];
            int h = hash(pool, s, offsets[i + 1]);
            int slot = h & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = ((long) h << 32) | (i + 1L);
            rankToIndex[ranks[i]] = i;
        }
        this.shortRanks = new int[256 + 65536];
        Arrays.fill(shortRanks, NONE);
        for (int i = 0; i < n; i++) {
            int s = offsets[i];
            int len = offsets[i + 1] - s;
            if (len == 1) {
                shortRanks[pool[s] & 0xFF] = ranks[i];
            } else if (len == 2) {
                shortRanks[256 + ((pool[s] & 0xFF) << 8 | (pool[s + 1] & 0xFF))] = ranks[i];
            }
        }
    }

    /** Builds the table; the caller guarantees distinct tokens and distinct non-negative ranks. */
    static RankTable of(byte[] pool, int[] offsets, int[] ranks) {
        return new RankTable(pool, offsets, ranks);
    }

    static int hash(byte[] b, int from, int to) {
        int h = 0x811C9DC5 ^ (to - from);
        int i = from;
        for (; i + 4 <= to; i += 4) {
            int k = (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] << 24);
            k *= 0xCC9E2D51;
            k = Integer.rotateLeft(k, 15) * 0x1B873593;
            h = Integer.rotateLeft(h ^ k, 13) * 5 + 0xE6546B64;
        }
        for (; i < to; i++) {
            h = (h ^ (b[i] & 0xFF)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }

    /** Rank of {@code b[from, to)}, or {@link #NONE}. */
    int rank(byte[] b, int from, int to) {
        int len = to - from;
        if (len <= 2) {
            return len == 2 ? shortRanks[256 + ((b[from] & 0xFF) << 8 | (b[from + 1] & 0xFF))]
                    : len == 1 ? shortRanks[b[from] & 0xFF] : NONE;
        }
        return rank(b, from, to, hash(b, from, to));
    }

    /** Rank of {@code b[from, to)} whose {@link #hash} is {@code h}, or {@link #NONE}. */
    int rank(byte[] b, int from, int to, int h) {
        int len = to - from;
        int slot = h & mask;
        while (true) {
            long e = table[slot];
            if (e == 0) {
                return NONE;
            }
            if ((int) (e >>> 32) == h) {
                int idx = (int) e - 1;
                int s = offsets[idx];
                if (offsets[idx + 1] - s == len && same(pool, s, b, from, len)) {
                    return ranks[idx];
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    private static boolean same(byte[] a, int af, byte[] b, int bf, int len) {
        for (int k = 0; k < len; k++) {
            if (a[af + k] != b[bf + k]) {
                return false;
            }
        }
        return true;
    }

    int size() {
        return ranks.length;
    }

    /** Largest rank + 1. */
    int rankLimit() {
        return rankToIndex.length;
    }

    /** Whether some token has rank {@code rank}. */
    boolean hasRank(int rank) {
        return rank >= 0 && rank < rankToIndex.length && rankToIndex[rank] >= 0;
    }

    /** Appends the bytes of the token with {@code rank} to {@code out} at {@code pos}; returns the new position. */
    int copyBytes(int rank, byte[] out, int pos) {
        int idx = rankToIndex[rank];
        int s = offsets[idx];
        int len = offsets[idx + 1] - s;
        System.arraycopy(pool, s, out, pos, len);
        return pos + len;
    }

    int length(int rank) {
        int idx = rankToIndex[rank];
        return offsets[idx + 1] - offsets[idx];
    }
}
