package dev.hubkit.tokenizers.text;

/**
 * A binary min-heap of {@code long} keys kept in a caller-owned array, for merge loops that pack
 * (rank, position) into one key: no boxing and no allocation per operation. The caller sizes the array.
 */
public final class LongMinHeap {
    private LongMinHeap() {
    }

    /** Adds {@code v} to the heap of size {@code n} in {@code h}; returns the new size. */
    public static int push(long[] h, int n, long v) {
        int i = n;
        h[i] = v;
        while (i > 0) {
            int p = (i - 1) >> 1;
            if (h[p] <= h[i]) {
                break;
            }
            long t = h[p];
            h[p] = h[i];
            h[i] = t;
            i = p;
        }
        return n + 1;
    }

    /** Removes the smallest key ({@code h[0]}, read it first) from the heap of size {@code n}; returns the new size. */
    public static int pop(long[] h, int n) {
        n--;
        h[0] = h[n];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= n) {
                break;
            }
            int c = l + 1 < n && h[l + 1] < h[l] ? l + 1 : l;
            if (h[i] <= h[c]) {
                break;
            }
            long t = h[c];
            h[c] = h[i];
            h[i] = t;
            i = c;
        }
        return n;
    }
}
