package dev.hubkit.tokenizers.sentencepiece;

import java.util.Arrays;

/**
 * An immutable trie over byte strings with an int value per key, walked one byte at a time
 * (transitions live in a primitive open-addressing hash table keyed by node and byte).
 */
final class ByteTrie {
    static final int NO_VALUE = -1;
    static final int DEAD = -1;

    private final long[] keys;      // (node << 8 | byte) + 1; 0 = empty slot
    private final int[] targets;
    private final int mask;
    private final int[] values;     // per node

    private ByteTrie(long[] keys, int[] targets, int[] values) {
        this.keys = keys;
        this.targets = targets;
        this.mask = keys.length - 1;
        this.values = values;
    }

    /** The root node. */
    static int root() {
        return 0;
    }

    /** The node reached from {@code node} by byte {@code b}, or {@link #DEAD}. */
    int next(int node, byte b) {
        long key = (((long) node) << 8 | (b & 0xFF)) + 1;
        int i = mix(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                return targets[i];
            }
            if (k == 0) {
                return DEAD;
            }
            i = (i + 1) & mask;
        }
    }

    /** The value stored for the key ending at {@code node}, or {@link #NO_VALUE}. */
    int value(int node) {
        return values[node];
    }

    /** Length of the longest key that is a prefix of {@code text[pos, end)}, or 0 if none. */
    int longestPrefix(byte[] text, int pos, int end) {
        int node = 0;
        int best = 0;
        for (int i = pos; i < end; i++) {
            node = next(node, text[i]);
            if (node == DEAD) {
                break;
            }
            if (values[node] != NO_VALUE) {
                best = i + 1 - pos;
            }
        }
        return best;
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }

    /** Builds a trie; a later {@code add} of the same key overwrites the value. */
    static final class Builder {
        private long[] keys = new long[64];
        private int[] targets = new int[64];
        private int size;
        private int[] values = new int[16];
        private int nodes = 1;

        Builder() {
            Arrays.fill(values, NO_VALUE);
        }

        Builder add(byte[] key, int value) {
            int node = 0;
            for (byte b : key) {
                int next = find(node, b);
                if (next == DEAD) {
                    next = newNode();
                    put(node, b, next);
                }
                node = next;
            }
            values[node] = value;
            return this;
        }

        ByteTrie build() {
            return new ByteTrie(keys, targets, Arrays.copyOf(values, nodes));
        }

        private int newNode() {
            if (nodes == values.length) {
                int old = values.length;
                values = Arrays.copyOf(values, old * 2);
                Arrays.fill(values, old, values.length, NO_VALUE);
            }
            return nodes++;
        }

        private int find(int node, byte b) {
            long key = (((long) node) << 8 | (b & 0xFF)) + 1;
            int m = keys.length - 1;
            int i = mix(key) & m;
            while (keys[i] != 0) {
                if (keys[i] == key) {
                    return targets[i];
                }
                i = (i + 1) & m;
            }
            return DEAD;
        }

        private void put(int node, byte b, int target) {
            if ((size + 1) * 2 > keys.length) {
                rehash();
            }
            insert(keys, targets, (((long) node) << 8 | (b & 0xFF)) + 1, target);
            size++;
        }

        private void rehash() {
            long[] nk = new long[keys.length * 2];
            int[] nt = new int[nk.length];
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != 0) {
                    insert(nk, nt, keys[i], targets[i]);
                }
            }
            keys = nk;
            targets = nt;
        }

        private static void insert(long[] ks, int[] ts, long key, int target) {
            int m = ks.length - 1;
            int i = mix(key) & m;
            while (ks[i] != 0) {
                i = (i + 1) & m;
            }
            ks[i] = key;
            ts[i] = target;
        }
    }
}
