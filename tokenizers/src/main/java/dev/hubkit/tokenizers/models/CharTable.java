package dev.hubkit.tokenizers.models;

import java.util.Map;

/**
 * Immutable string-to-id table looked up by a char range of a {@code char[]} and its polynomial hash
 * ({@link String#hashCode} style, computed by the caller, e.g. from prefix sums). Keys live in one char pool, so a
 * probe compares two arrays without interface calls. Used by {@link WordPiece}.
 */
final class CharTable {
    private final long[] slots;
    private final int mask;
    private final char[] pool;
    private final int[] starts;
    private final int[] ids;
    private final int maxLength;

    /** Keys are {@code key.substring(strip)} of the entries whose key starts with {@code prefix} ({@code strip} = its length). */
    CharTable(Map<String, Integer> entries, String prefix) {
        int n = 0;
        int chars = 0;
        for (String k : entries.keySet()) {
            if (k.startsWith(prefix)) {
                n++;
                chars += k.length() - prefix.length();
            }
        }
        // At most a quarter full: most lookups (WordPiece tries the longest candidates first) miss, and a miss
        // probes until an empty slot.
        int cap = Integer.highestOneBit(Math.max(16, n * 4 - 1)) << 1;
        slots = new long[cap];
        mask = cap - 1;
        pool = new char[chars];
        starts = new int[n + 1];
        ids = new int[n];
        int e = 0;
        int at = 0;
        int longest = 0;
        for (Map.Entry<String, Integer> en : entries.entrySet()) {
            String k = en.getKey();
            if (!k.startsWith(prefix)) {
                continue;
            }
            int len = k.length() - prefix.length();
            longest = Math.max(longest, len);
            k.getChars(prefix.length(), k.length(), pool, at);
            starts[e] = at;
            at += len;
            starts[e + 1] = at;
            ids[e] = en.getValue();
            int h = mix(polyHash(pool, starts[e], at));
            int i = h & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = ((long) h << 32) | (e + 1L);
            e++;
        }
        maxLength = longest;
    }

    /** Length of the longest key: longer ranges are never found. */
    int maxLength() {
        return maxLength;
    }

    private static boolean same(char[] a, int at, char[] b, int from, int n) {
        for (int k = 0; k < n; k++) {
            if (a[at + k] != b[from + k]) {
                return false;
            }
        }
        return true;
    }

    /** The polynomial hash of {@code a[from, to)}. */
    static int polyHash(char[] a, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + a[i];
        }
        return h;
    }

    private static int mix(int poly) {
        int h = poly * 0x9E3779B9;
        return h ^ (h >>> 15);
    }

    /** Id of {@code w[from, to)}, whose polynomial hash is {@code poly}, or -1. */
    int get(int poly, char[] w, int from, int to) {
        int h = mix(poly);
        int n = to - from;
        int i = h & mask;
        long slot;
        while ((slot = slots[i]) != 0) {
            if ((int) (slot >>> 32) == h) {
                int e = (int) slot - 1;
                int s = starts[e];
                if (starts[e + 1] - s == n && same(pool, s, w, from, n)) {
                    return ids[e];
                }
            }
            i = (i + 1) & mask;
        }
        return -1;
    }
}
