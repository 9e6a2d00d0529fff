package dev.hubkit.tokenizers.models;

/**
 * A bounded, lossy word cache shared by all threads without locks (the role of the Rust library's BPE cache):
 * entries are immutable (final fields, so a racy read sees a whole entry or none) and a new entry replaces an
 * older one in its two-slot bucket now and then, so frequent words stay while the vocabulary of the input drifts.
 * It only saves repeated merges; results never depend on it.
 */
final class WordCache {
    private static final class Entry {
        final String word;
        final int[] value;

        Entry(String word, int[] value) {
            this.word = word;
            this.value = value;
        }
    }

    private final Entry[] table;
    private final int mask;
    /** Misses seen by {@link #put} (racy on purpose: it only paces replacement). */
    private int puts;
    private static final int REPLACE_ONE_IN = 16;

    /** A cache of {@code 2^bits} entries. */
    WordCache(int bits) {
        table = new Entry[1 << bits];
        mask = table.length - 1;
    }

    private static int spread(int h) {
        return h ^ (h >>> 15);
    }

    /** The value cached for {@code word}, or null. */
    int[] get(String word) {
        int i = spread(word.hashCode()) & mask;
        Entry e = table[i];
        if (e != null && e.word.equals(word)) {
            return e.value;
        }
        e = table[i ^ 1];
        if (e != null && e.word.equals(word)) {
            return e.value;
        }
        return null;
    }

    /**
     * Caches {@code value} (not copied: the caller hands it over) for {@code word}: into a free slot of its
     * bucket, else over the older entry one time in {@link #REPLACE_ONE_IN} (always replacing would thrash when
     * the input's words outnumber the slots; rarely replacing keeps the frequent words and still adapts).
     */
    void put(String word, int[] value) {
        int i = spread(word.hashCode()) & mask;
        if (table[i] != null) {
            i ^= 1;
            if (table[i] != null && (++puts & (REPLACE_ONE_IN - 1)) != 0) {
                return;
            }
        }
        table[i] = new Entry(word, value);
    }
}
