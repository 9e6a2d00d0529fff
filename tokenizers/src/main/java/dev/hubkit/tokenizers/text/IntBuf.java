package dev.hubkit.tokenizers.text;

import java.util.Arrays;

/** Growable int array. */
public final class IntBuf {
    private int[] a;
    private int n;

    public IntBuf(int cap) {
        a = new int[Math.max(4, cap)];
    }

    public void add(int v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
        }
        a[n++] = v;
    }

    public void add3(int x, int y, int z) {
        if (n + 3 > a.length) {
            a = Arrays.copyOf(a, Math.max(n * 2, n + 3));
        }
        a[n++] = x;
        a[n++] = y;
        a[n++] = z;
    }

    public int size() {
        return n;
    }

    public int get(int i) {
        return a[i];
    }

    public void set(int i, int v) {
        a[i] = v;
    }

    public void clear() {
        n = 0;
    }

    public int[] toArray() {
        return Arrays.copyOf(a, n);
    }
}
