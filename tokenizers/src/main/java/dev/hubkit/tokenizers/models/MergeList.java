package dev.hubkit.tokenizers.models;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * BPE merges {@code {left, right}} in rank order, kept as one char pool while a tokenizer.json is streamed (no
 * String per token, no array per merge); {@link Bpe} looks the tokens up straight from the pool. The
 * {@link java.util.List} view creates the pairs on demand. Filled once by the reader, then handed to
 * {@link Bpe} and never changed again.
 */
public final class MergeList extends AbstractList<String[]> implements RandomAccess {
    private char[] pool;
    private int used;
    /** Per merge: start of left, start of right (= end of left), end of right. */
    private int[] bounds;
    private int n;
    private int pendingLeft;

    /** An empty list with room for {@code capacity} merges. */
    public MergeList(int capacity) {
        this(capacity, capacity * 8);
    }

    /** An empty list with room for {@code capacity} merges of {@code poolChars} chars in all. */
    public MergeList(int capacity, int poolChars) {
        bounds = new int[Math.max(16, capacity) * 3];
        pool = new char[Math.max(64, poolChars)];
    }

    /** Adds {@code left right} given as {@code buf[from, split)} and {@code buf[split + gap, to)}. */
    public void add(char[] buf, int from, int split, int gap, int to) {
        int la = split - from;
        int lb = to - split - gap;
        ensure(la + lb);
        System.arraycopy(buf, from, pool, used, la);
        System.arraycopy(buf, split + gap, pool, used + la, lb);
        push(la, lb);
    }

    /** Starts a merge with its left token {@code buf[from, from + len)}; {@link #addRight} completes it. */
    public void addLeft(char[] buf, int from, int len) {
        ensure(len);
        System.arraycopy(buf, from, pool, used, len);
        pendingLeft = len;
    }

    /** Completes the merge started by {@link #addLeft} with its right token {@code buf[from, from + len)}. */
    public void addRight(char[] buf, int from, int len) {
        ensure(pendingLeft + len);
        System.arraycopy(buf, from, pool, used + pendingLeft, len);
        push(pendingLeft, len);
        pendingLeft = 0;
    }

    /** Adds {@code left right}. */
    public void add(String left, String right) {
        ensure(left.length() + right.length());
        left.getChars(0, left.length(), pool, used);
        right.getChars(0, right.length(), pool, used + left.length());
        push(left.length(), right.length());
    }

    private void ensure(int chars) {
        if (used + chars > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, used + chars));
        }
        if (n * 3 + 3 > bounds.length) {
            bounds = Arrays.copyOf(bounds, bounds.length * 2);
        }
    }

    private void push(int la, int lb) {
        bounds[n * 3] = used;
        bounds[n * 3 + 1] = used + la;
        bounds[n * 3 + 2] = used + la + lb;
        used += la + lb;
        n++;
    }

    char[] pool() {
        return pool;
    }

    int leftStart(int i) {
        return bounds[i * 3];
    }

    int rightStart(int i) {
        return bounds[i * 3 + 1];
    }

    int rightEnd(int i) {
        return bounds[i * 3 + 2];
    }

    String left(int i) {
        return new String(pool, leftStart(i), rightStart(i) - leftStart(i));
    }

    String right(int i) {
        return new String(pool, rightStart(i), rightEnd(i) - rightStart(i));
    }

    @Override
    public String[] get(int i) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("merge " + i + " of " + n);
        }
        return new String[] {left(i), right(i)};
    }

    @Override
    public int size() {
        return n;
    }
}
