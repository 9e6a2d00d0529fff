package dev.hubkit.tokenizers;

import java.util.Arrays;

/**
 * A bounded, lossy cache from a byte-level piece (its chars) to the BPE model's tokens for it, as
 * {@code (id, start, end)} triples in piece char positions; used by {@link ByteLevelBpeFastPath} so a repeated
 * piece costs one hash probe and one array compare (no String, no vocabulary or merge lookups). Shared by all
 * threads without locks: entries are immutable (final fields, so a racy read sees a whole entry or none) and a
 * new entry replaces an older one in its two-slot bucket now and then. Results never depend on it.
 */
final class ByteLevelPieceCache {
    /** Pieces longer than this (chars) are not cached (rare, and they would crowd out common ones). */
    static final int MAX_CHARS = 128;
    private static final int REPLACE_ONE_IN = 16;

    private static final class Entry {
        final int hash;
        final char[] key;
        final int[] tokens;

        Entry(int hash, char[] key, int[] tokens) {
            this.hash = hash;
            this.key = key;
            this.tokens = tokens;
        }
    }

    private final Entry[] table;
    private final int mask;
    /** Misses seen by {@link #put} (racy on purpose: it only paces replacement). */
    private int puts;

    /** A cache of {@code 2^bits} entries. */
    ByteLevelPieceCache(int bits) {
        table = new Entry[1 << bits];
        mask = table.length - 1;
    }

    /** Spreads a polynomial hash over the table's bits. */
    static int spread(int h) {
        return h ^ (h >>> 16) ^ (h >>> 7);
    }

    /** The triples cached for {@code chars[0, len)} whose {@link #spread spread} hash is {@code h}, or null. */
    int[] get(char[] chars, int len, int h) {
        int i = h & mask;
        Entry e = table[i];
        if (e != null && e.hash == h && same(e.key, chars, len)) {
            return e.tokens;
        }
        e = table[i ^ 1];
        if (e != null && e.hash == h && same(e.key, chars, len)) {
            return e.tokens;
        }
        return null;
    }

    /** Whether {@code key} is {@code chars[0, len)} (a plain loop: pieces are short, a vectorized compare costs more). */
    private static boolean same(char[] key, char[] chars, int len) {
        if (key.length != len) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (key[k] != chars[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Caches {@code tokens} (handed over, not copied) for {@code chars[0, len)} (hash {@code h}) into a free slot of
     * its bucket, else over an entry one time in {@link #REPLACE_ONE_IN} (always replacing would thrash when the
     * input's pieces outnumber the slots; rarely replacing keeps the frequent ones and still adapts).
     */
    void put(char[] chars, int len, int h, int[] tokens) {
        if (len > MAX_CHARS) {
            return;
        }
        int i = h & mask;
        if (table[i] != null) {
            i ^= 1;
            if (table[i] != null && (++puts & (REPLACE_ONE_IN - 1)) != 0) {
                return;
            }
        }
        table[i] = new Entry(h, Arrays.copyOf(chars, len), tokens);
    }
}
