package dev.hubkit.tokenizers.models;

import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Token string to id table with lookups on a char range (no substring allocation), plus id to token.
 * Immutable after construction.
 */
public final class Vocab {
    private final String[] byId;
    /** Open addressing slots: {@code (hash << 32) | (id + 1)}, 0 = empty (one cache line per probe). */
    private final long[] slots;
    private final int mask;
    private final int size;
    /** Every token's chars one after another (by id), for comparisons without the String objects; or null. */
    private final char[] chars;
    private final int[] charStart;
    /** No token was given twice and no id was given twice: token to id is one to one. */
    private final boolean oneToOne;

    /** Builds from token to id entries (a later duplicate token replaces the earlier one, as in a map). */
    public Vocab(Map<String, Integer> tokenToId) {
        this(tokenToId, false);
    }

    /**
     * The same; with {@code charPool}, every token's chars are also kept in one array, which makes the
     * char-array lookups ({@link #get(char[], int, int)}, {@link #getConcat}) that load a BPE model faster.
     */
    Vocab(Map<String, Integer> tokenToId, boolean charPool) {
        String[] keys;
        int[] ids;
        int n;
        if (tokenToId instanceof Entries e) {
            keys = e.keys;
            ids = e.ids;
            n = e.n;
        } else {
            n = tokenToId.size();
            keys = new String[n];
            ids = new int[n];
            int k = 0;
            for (Map.Entry<String, Integer> en : tokenToId.entrySet()) {
                keys[k] = en.getKey();
                ids[k++] = en.getValue();
            }
        }
        int maxId = -1;
        for (int k = 0; k < n; k++) {
            maxId = Math.max(maxId, ids[k]);
        }
        byId = new String[maxId + 1];
        int cap = Integer.highestOneBit(Math.max(16, n * 2 - 1)) << 1;
        slots = new long[cap];
        mask = cap - 1;
        int distinct = 0;
        boolean oneToOne = true;
        for (int k = 0; k < n; k++) {
            int id = ids[k];
            String tok = keys[k];
            if (id < 0) {
                continue;
            }
            int h = mix(tok.hashCode());
            int i = h & mask;
            boolean replaced = false;
            while (slots[i] != 0) {
                int old = (int) slots[i] - 1;
                if ((int) (slots[i] >>> 32) == h && byId[old].equals(tok)) {
                    if (old != id) {
                        byId[old] = null;
                    }
                    replaced = true;
                    break;
                }
                i = (i + 1) & mask;
            }
            if (!replaced) {
                distinct++;
            }
            if (replaced || byId[id] != null) {
                oneToOne = false;
            }
            byId[id] = tok;
            slots[i] = ((long) h << 32) | (id + 1L);
        }
        this.size = distinct;
        this.oneToOne = oneToOne;
        if (!charPool) {
            chars = null;
            charStart = null;
            return;
        }
        int total = 0;
        for (String t : byId) {
            total += t == null ? 0 : t.length();
        }
        chars = new char[total];
        charStart = new int[byId.length + 1];
        int at = 0;
        for (int id = 0; id < byId.length; id++) {
            charStart[id] = at;
            String t = byId[id];
            if (t != null) {
                t.getChars(0, t.length(), chars, at);
                at += t.length();
            }
        }
        charStart[byId.length] = at;
    }

    /**
     * Token to id entries in file order, kept in arrays while a tokenizer.json is read (no boxing, no hashing);
     * {@link Vocab} reads them directly. The {@link Map} view is built on first use.
     */
    public static final class Entries extends AbstractMap<String, Integer> {
        private String[] keys;
        private int[] ids;
        private int n;
        private Map<String, Integer> view;

        public Entries(int capacity) {
            keys = new String[Math.max(16, capacity)];
            ids = new int[keys.length];
        }

        /** Adds one entry (a later duplicate token wins, as with {@link Map#put}). */
        public void add(String token, int id) {
            if (n == keys.length) {
                keys = Arrays.copyOf(keys, n * 2);
                ids = Arrays.copyOf(ids, n * 2);
            }
            keys[n] = token;
            ids[n++] = id;
            view = null;
        }

        private Map<String, Integer> view() {
            if (view == null) {
                Map<String, Integer> m = new LinkedHashMap<>(n * 2);
                for (int k = 0; k < n; k++) {
                    m.put(keys[k], ids[k]);
                }
                view = m;
            }
            return view;
        }

        @Override
        public Set<Map.Entry<String, Integer>> entrySet() {
            return Collections.unmodifiableMap(view()).entrySet();
        }

        @Override
        public Integer get(Object key) {
            return view().get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return view().containsKey(key);
        }

        @Override
        public int size() {
            return view().size();
        }
    }

    private static int mix(int poly) {
        return poly ^ (poly >>> 16);
    }

    private static int hash(CharSequence s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }

    private static int hashPrefixed(String prefix, CharSequence s, int from, int to) {
        int h = 0;
        for (int i = 0; i < prefix.length(); i++) {
            h = 31 * h + prefix.charAt(i);
        }
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }

    /** The polynomial hash (String.hashCode style) of {@code s}. */
    public static int polyHash(CharSequence s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    /**
     * Id of {@code prefix + s[from, to)} given {@code poly}, the polynomial hash of that whole string
     * (computed by the caller, e.g. from prefix sums), or -1.
     */
    public int getWithHash(int poly, String prefix, CharSequence s, int from, int to) {
        int h = poly ^ (poly >>> 16);
        int p = prefix.length();
        int n = to - from;
        int i = h & mask;
        long slot;
        while ((slot = slots[i]) != 0) {
            if ((int) (slot >>> 32) == h) {
                int id = (int) slot - 1;
                String t = byId[id];
                if (t.length() == p + n && regionEquals(t, p, s, from, n) && (p == 0 || t.startsWith(prefix))) {
                    return id;
                }
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Id of {@code s}, or -1. */
    public int get(String s) {
        int h = mix(s.hashCode());
        int i = h & mask;
        long slot;
        while ((slot = slots[i]) != 0) {
            if ((int) (slot >>> 32) == h) {
                int id = (int) slot - 1;
                if (byId[id].equals(s)) {
                    return id;
                }
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Id of {@code buf[from, to)}, or -1. */
    public int get(char[] buf, int from, int to) {
        return getConcat(buf, from, to, to, to);
    }

    /** Id of {@code buf[aFrom, aTo) + buf[bFrom, bTo)} (no string is built), or -1. */
    public int getConcat(char[] buf, int aFrom, int aTo, int bFrom, int bTo) {
        int poly = 0;
        for (int k = aFrom; k < aTo; k++) {
            poly = 31 * poly + buf[k];
        }
        for (int k = bFrom; k < bTo; k++) {
            poly = 31 * poly + buf[k];
        }
        int h = mix(poly);
        int la = aTo - aFrom;
        int n = la + bTo - bFrom;
        int i = h & mask;
        long slot;
        while ((slot = slots[i]) != 0) {
            if ((int) (slot >>> 32) == h) {
                int id = (int) slot - 1;
                if (chars == null) {
                    String t = byId[id];
                    if (t.length() == n && regionEquals(t, 0, buf, aFrom, la)
                            && regionEquals(t, la, buf, bFrom, n - la)) {
                        return id;
                    }
                } else {
                    int s = charStart[id];
                    if (charStart[id + 1] - s == n && poolEquals(s, buf, aFrom, la)
                            && poolEquals(s + la, buf, bFrom, n - la)) {
                        return id;
                    }
                }
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /**
     * Ids of many char ranges at once: {@code out[k]} = {@link #get(char[], int, int) get(buf, from[k], to[k])}
     * for {@code k < count}. Every key's first table slot is loaded before any key is compared, then every
     * candidate's pool position, so the cache misses of different keys overlap instead of coming one after
     * another (a large table is mostly misses); a key whose first slot does not settle it is looked up the usual
     * way. {@code work} and {@code work2} are scratch of at least {@code count} entries.
     */
    void getAll(char[] buf, int[] from, int[] to, int count, int[] out, long[] work, int[] work2) {
        if (chars == null) {
            for (int k = 0; k < count; k++) {
                out[k] = get(buf, from[k], to[k]);
            }
            return;
        }
        long[] sl = slots;
        int m = mask;
        for (int k = 0; k < count; k++) {
            int poly = 0;
            for (int i = from[k], e = to[k]; i < e; i++) {
                poly = 31 * poly + buf[i];
            }
            int h = mix(poly);
            out[k] = h;
            work[k] = sl[h & m];
        }
        int[] cs = charStart;
        for (int k = 0; k < count; k++) {
            long slot = work[k];
            if (slot == 0) {
                work[k] = -1; // absent
            } else if ((int) (slot >>> 32) == out[k]) {
                int id = (int) slot - 1;
                work[k] = id;
                work2[k] = cs[id];
            } else {
                work[k] = -2; // probe further
            }
        }
        for (int k = 0; k < count; k++) {
            int id = (int) work[k];
            int f = from[k];
            int n = to[k] - f;
            if (id == -1) {
                out[k] = -1;
            } else if (id >= 0 && cs[id + 1] - work2[k] == n && poolEquals(work2[k], buf, f, n)) {
                out[k] = id;
            } else {
                out[k] = get(buf, f, to[k]);
            }
        }
    }

    /**
     * Whether {@code id} is the id of {@code buf[aFrom, aTo) + buf[bFrom, bTo)}, checked on that id alone (no hash
     * probe): the same answer as {@code getConcat(...) == id}. Always false without the char pool or when a token
     * or id was given twice (then only {@link #getConcat} knows).
     */
    boolean isConcat(int id, char[] buf, int aFrom, int aTo, int bFrom, int bTo) {
        if (!oneToOne || chars == null || id < 0 || id >= byId.length) {
            return false;
        }
        int la = aTo - aFrom;
        int n = la + bTo - bFrom;
        int s = charStart[id];
        return byId[id] != null && charStart[id + 1] - s == n && poolEquals(s, buf, aFrom, la)
                && poolEquals(s + la, buf, bFrom, n - la);
    }

    private static boolean regionEquals(String t, int toff, char[] buf, int from, int n) {
        for (int k = 0; k < n; k++) {
            if (t.charAt(toff + k) != buf[from + k]) {
                return false;
            }
        }
        return true;
    }

    private boolean poolEquals(int at, char[] buf, int from, int n) {
        char[] c = chars;
        for (int k = 0; k < n; k++) {
            if (c[at + k] != buf[from + k]) {
                return false;
            }
        }
        return true;
    }

    /** Id of {@code s[from, to)}, or -1. */
    public int get(CharSequence s, int from, int to) {
        int n = to - from;
        int h = hash(s, from, to);
        int i = h & mask;
        long slot;
        while ((slot = slots[i]) != 0) {
            if ((int) (slot >>> 32) == h) {
                int id = (int) slot - 1;
                String t = byId[id];
                if (t.length() == n && regionEquals(t, 0, s, from, n)) {
                    return id;
                }
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Id of {@code prefix + s[from, to)}, or -1. */
    public int getPrefixed(String prefix, CharSequence s, int from, int to) {
        if (prefix.isEmpty()) {
            return get(s, from, to);
        }
        int p = prefix.length();
        int n = to - from;
        int h = hashPrefixed(prefix, s, from, to);
        int i = h & mask;
        long slot;
        while ((slot = slots[i]) != 0) {
            int v = (int) slot;
            String t = byId[v - 1];
            if ((int) (slot >>> 32) == h && t.length() == p + n && t.startsWith(prefix) && regionEquals(t, p, s, from, n)) {
                return v - 1;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private static boolean regionEquals(String t, int toff, CharSequence s, int from, int n) {
        for (int k = 0; k < n; k++) {
            if (t.charAt(toff + k) != s.charAt(from + k)) {
                return false;
            }
        }
        return true;
    }

    /** Token of {@code id}, or null. */
    public String token(int id) {
        return id >= 0 && id < byId.length ? byId[id] : null;
    }

    /** Number of entries. */
    public int size() {
        return size;
    }

    /** Entries in id order (a new map). */
    public Map<String, Integer> asMap() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int id = 0; id < byId.length; id++) {
            if (byId[id] != null) {
                m.putIfAbsent(byId[id], id);
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return "Vocab(" + size + " tokens, ids up to " + (byId.length - 1) + ")";
    }
}
