package dev.hubkit.tokenizers.tiktoken;

/**
 * A bounded, lossy cache from a pre-token's bytes to its token ranks, shared by all threads without locks:
 * entries are immutable (final fields, so a racy read sees a whole entry or none) and a new entry simply
 * replaces an older one in its two-slot bucket now and then. It only saves repeated merges; results never depend
 * on it.
 */
final class PieceCache {
    /** Pieces longer than this are not cached (rare, and they would crowd out common ones). */
    static final int MAX_BYTES = 48;

    private static final class Entry {
        final int hash;
        final byte[] key;
        final int[] ranks;

        Entry(int hash, byte[] key, int[] ranks) {
            this.hash = hash;
            this.key = key;
            this.ranks = ranks;
        }
    }

    private final Entry[] table;
    private final int mask;
    /** Misses seen by {@link #put} (racy on purpose: it only paces replacement). */
    private int puts;
    private static final int REPLACE_ONE_IN = 16;

    /** A cache of {@code 2^bits} entries. */
    PieceCache(int bits) {
        table = new Entry[1 << bits];
        mask = table.length - 1;
    }

    /** The ranks cached for {@code b[0, len)} (hash {@code h}), or null. */
    int[] get(byte[] b, int len, int h) {
        int i = h & mask;
        Entry e = table[i];
        if (e != null && e.hash == h && matches(e.key, b, len)) {
            return e.ranks;
        }
        e = table[i ^ 1];
        if (e != null && e.hash == h && matches(e.key, b, len)) {
            return e.ranks;
        }
        return null;
    }

    /**
     * Caches {@code ranks[from, to)} for {@code b[0, len)} (hash {@code h}); the arrays are copied. Goes into a free
     * slot of its bucket, else over an entry one time in {@link #REPLACE_ONE_IN} (always replacing would thrash
     * when the input's pieces outnumber the slots; rarely replacing keeps the frequent ones and still adapts).
     */
    void put(byte[] b, int len, int h, int[] ranks, int from, int to) {
        if (len > MAX_BYTES) {
            return;
        }
        int i = h & mask;
        if (table[i] != null) {
            i ^= 1;
            if (table[i] != null && (++puts & (REPLACE_ONE_IN - 1)) != 0) {
                return;
            }
        }
        table[i] = new Entry(h, java.util.Arrays.copyOf(b, len), java.util.Arrays.copyOfRange(ranks, from, to));
    }

    private static boolean matches(byte[] key, byte[] b, int len) {
        if (key.length != len) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (key[k] != b[k]) {
                return false;
            }
        }
        return true;
    }
}
