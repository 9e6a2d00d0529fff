package dev.hubkit.tokenizers.sentencepiece;

import java.util.Arrays;

/**
 * An immutable trie over byte strings with an int value per key, walked one byte at a time. Stored as a
 * double array (as sentencepiece's darts): the child of the node at position {@code p} by byte {@code b} sits
 * at {@code base[p] + b} and belongs to {@code p} when {@code check} there is {@code p}; a step is two array
 * reads and one compare, with no hashing and no objects per node. Also used by the tokenizer.json
 * {@code Unigram} model.
 */
public final class ByteTrie {
    /** Value of a node that ends no key. */
    public static final int NO_VALUE = -1;
    /** Result of a step that leaves the trie. */
    public static final int DEAD = -1;

    private final int[] base;
    private final int[] check;      // parent position; -1 = free slot (the root at 0 has none)
    private final int[] values;     // per position

    private ByteTrie(int[] base, int[] check, int[] values) {
        this.base = base;
        this.check = check;
        this.values = values;
    }

    /** The root node. */
    public static int root() {
        return 0;
    }

    /** The node reached from {@code node} by byte {@code b}, or {@link #DEAD}. */
    public int next(int node, byte b) {
        int t = base[node] + (b & 0xFF);
        return t < check.length && check[t] == node ? t : DEAD;
    }

    /** The node reached from {@code node} by byte value {@code b} (0 to 255), or {@link #DEAD}. */
    public int step(int node, int b) {
        int t = base[node] + b;
        return t < check.length && check[t] == node ? t : DEAD;
    }

    /** The value stored for the key ending at {@code node}, or {@link #NO_VALUE}. */
    public int value(int node) {
        return values[node];
    }

    /** The value of exactly the key {@code text[from, to)}, or {@link #NO_VALUE}. */
    int get(byte[] text, int from, int to) {
        int node = 0;
        for (int i = from; i < to; i++) {
            int t = base[node] + (text[i] & 0xFF);
            if (t >= check.length || check[t] != node) {
                return NO_VALUE;
            }
            node = t;
        }
        return values[node];
    }

    /** Length of the longest key that is a prefix of {@code text[pos, end)}, or 0 if none. */
    int longestPrefix(byte[] text, int pos, int end) {
        int node = 0;
        int best = 0;
        for (int i = pos; i < end; i++) {
            int t = base[node] + (text[i] & 0xFF);
            if (t >= check.length || check[t] != node) {
                break;
            }
            node = t;
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
    public static final class Builder {
        private long[] keys = new long[64];
        private int[] targets = new int[64];
        private int size;
        private int[] values = new int[16];
        private int nodes = 1;

        /** An empty builder. */
        public Builder() {
            Arrays.fill(values, NO_VALUE);
        }

        /** Adds {@code key} with {@code value}. */
        public Builder add(byte[] key, int value) {
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

        /** Lays the trie out as a double array (children of each node placed at the first base that fits). */
        public ByteTrie build() {
            // Children of every node, grouped by parent and sorted by byte (counting sort).
            int[] childCount = new int[nodes + 1];
            for (long k : keys) {
                if (k != 0) {
                    childCount[(int) ((k - 1) >>> 8)]++;
                }
            }
            int[] first = new int[nodes + 1];
            for (int i = 0; i < nodes; i++) {
                first[i + 1] = first[i] + childCount[i];
            }
            int[] fill = Arrays.copyOf(first, nodes);
            int[] childByte = new int[size];
            int[] childNode = new int[size];
            for (int i = 0; i < keys.length; i++) {
                long k = keys[i];
                if (k != 0) {
                    int parent = (int) ((k - 1) >>> 8);
                    int at = fill[parent]++;
                    childByte[at] = (int) ((k - 1) & 0xFF);
                    childNode[at] = targets[i];
                }
            }
            for (int p = 0; p < nodes; p++) { // insertion sort per parent (at most 256 children)
                for (int i = first[p] + 1; i < first[p + 1]; i++) {
                    int b = childByte[i];
                    int c = childNode[i];
                    int j = i - 1;
                    while (j >= first[p] && childByte[j] > b) {
                        childByte[j + 1] = childByte[j];
                        childNode[j + 1] = childNode[j];
                        j--;
                    }
                    childByte[j + 1] = b;
                    childNode[j + 1] = c;
                }
            }
            int cap = Math.max(512, nodes + nodes / 4 + 256);
            int[] da = new int[cap];     // base
            int[] ck = new int[cap];     // check
            int[] val = new int[cap];
            Arrays.fill(ck, -1);
            Arrays.fill(val, NO_VALUE);
            int[] posOf = new int[nodes]; // builder node -> position
            ck[0] = -2;                   // the root's slot is taken
            val[0] = values[0];
            java.util.BitSet used = new java.util.BitSet(cap);
            used.set(0);
            int firstFree = 1;
            int[] queue = new int[nodes];
            int head = 0;
            int tail = 0;
            queue[tail++] = 0;
            while (head < tail) {
                int node = queue[head++];
                int p = posOf[node];
                int from = first[node];
                int to = first[node + 1];
                if (from == to) {
                    continue;
                }
                firstFree = used.nextClearBit(firstFree);
                // First fit: candidate bases come from free slots for the first child (skipping taken slots a
                // word at a time); then the other children must be free too. As in darts, the search start
                // moves past regions found to be 95% full, which keeps the build near linear.
                int lo = childByte[from];
                int start = Math.max(firstFree, lo + 1);
                int q = used.nextClearBit(start);
                int tries = 1;
                int b;
                while (true) {
                    b = q - lo;
                    int need = b + childByte[to - 1] + 1;
                    if (need > ck.length) {
                        int nc = Math.max(need, ck.length + (ck.length >> 1));
                        da = Arrays.copyOf(da, nc);
                        int old = ck.length;
                        ck = Arrays.copyOf(ck, nc);
                        val = Arrays.copyOf(val, nc);
                        Arrays.fill(ck, old, nc, -1);
                        Arrays.fill(val, old, nc, NO_VALUE);
                    }
                    boolean fits = true;
                    for (int i = from + 1; i < to; i++) {
                        if (used.get(b + childByte[i])) {
                            fits = false;
                            break;
                        }
                    }
                    if (fits) {
                        break;
                    }
                    q = used.nextClearBit(q + 1);
                    tries++;
                }
                long span = (long) q - start + 1;
                if (span > 16 && (span - tries) >= 0.95 * span) {
                    firstFree = q;
                }
                da[p] = b;
                for (int i = from; i < to; i++) {
                    int slot = b + childByte[i];
                    used.set(slot);
                    ck[slot] = p;
                    posOf[childNode[i]] = slot;
                    val[slot] = values[childNode[i]];
                    queue[tail++] = childNode[i];
                }
            }
            int len = ck.length;
            while (len > 1 && ck[len - 1] == -1) {
                len--;
            }
            int[] checkOut = Arrays.copyOf(ck, len);
            checkOut[0] = -1; // no node has the root as a child slot; keeps check[t] == node exact
            return new ByteTrie(Arrays.copyOf(da, len), checkOut, Arrays.copyOf(val, len));
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
