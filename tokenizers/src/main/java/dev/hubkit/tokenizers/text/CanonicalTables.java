package dev.hubkit.tokenizers.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Canonical combining classes and primary composites, read once from {@code canonical-composition.txt} (generated
 * from the Unicode Character Database). Java exposes neither, and replaying the Rust library's normalization
 * alignments needs both.
 */
final class CanonicalTables {
    private static final int S_BASE = 0xAC00;
    private static final int L_BASE = 0x1100;
    private static final int V_BASE = 0x1161;
    private static final int T_BASE = 0x11A7;
    private static final int L_COUNT = 19;
    private static final int V_COUNT = 21;
    private static final int T_COUNT = 28;
    private static final int N_COUNT = V_COUNT * T_COUNT;
    private static final int S_COUNT = L_COUNT * N_COUNT;

    private final int[] cccFirst;
    private final int[] cccLast;
    private final int[] cccValue;
    /** Sorted {@code first << 21 | second} keys of the primary composites. */
    private final long[] pairKeys;
    private final int[] pairValues;

    private static final class Holder {
        static final CanonicalTables INSTANCE = load();
    }

    private CanonicalTables(int[] cccFirst, int[] cccLast, int[] cccValue, long[] pairKeys, int[] pairValues) {
        this.cccFirst = cccFirst;
        this.cccLast = cccLast;
        this.cccValue = cccValue;
        this.pairKeys = pairKeys;
        this.pairValues = pairValues;
    }

    static CanonicalTables get() {
        return Holder.INSTANCE;
    }

    /** Canonical combining class of {@code cp} (0 for starters), as the Rust library's older table gives it. */
    int ccc(int cp) {
        if (cp < 0x300) {
            return 0;
        }
        int lo = 0;
        int hi = cccFirst.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cp < cccFirst[mid]) {
                hi = mid - 1;
            } else if (cp > cccLast[mid]) {
                lo = mid + 1;
            } else {
                return RustUnicodeTables.starterInRust(cp) ? 0 : cccValue[mid];
            }
        }
        return 0;
    }

    /** The primary composite of {@code a} followed by {@code b}, or -1 (Hangul included). */
    int compose(int a, int b) {
        int li = a - L_BASE;
        if (li >= 0 && li < L_COUNT) {
            int vi = b - V_BASE;
            if (vi >= 0 && vi < V_COUNT) {
                return S_BASE + (li * V_COUNT + vi) * T_COUNT;
            }
        }
        int si = a - S_BASE;
        if (si >= 0 && si < S_COUNT && si % T_COUNT == 0) {
            int ti = b - T_BASE;
            if (ti > 0 && ti < T_COUNT) {
                return a + ti;
            }
        }
        int i = Arrays.binarySearch(pairKeys, ((long) a << 21) | b);
        return i >= 0 ? pairValues[i] : -1;
    }

    private static CanonicalTables load() {
        int[] f = new int[512];
        int[] l = new int[512];
        int[] v = new int[512];
        int nc = 0;
        long[] keys = new long[1024];
        int[] vals = new int[1024];
        int np = 0;
        try (InputStream in = CanonicalTables.class.getResourceAsStream("canonical-composition.txt")) {
            if (in == null) {
                throw new IllegalStateException("canonical-composition.txt is missing from the hubkit-tokenizers jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty() || line.charAt(0) == '#') {
                    continue;
                }
                String[] p = line.split(" ");
                if (p[0].equals("c")) {
                    if (nc == f.length) {
                        f = Arrays.copyOf(f, nc * 2);
                        l = Arrays.copyOf(l, nc * 2);
                        v = Arrays.copyOf(v, nc * 2);
                    }
                    f[nc] = Integer.parseInt(p[1], 16);
                    l[nc] = Integer.parseInt(p[2], 16);
                    v[nc++] = Integer.parseInt(p[3]);
                } else {
                    if (np == keys.length) {
                        keys = Arrays.copyOf(keys, np * 2);
                        vals = Arrays.copyOf(vals, np * 2);
                    }
                    keys[np] = ((long) Integer.parseInt(p[1], 16) << 21) | Integer.parseInt(p[2], 16);
                    vals[np++] = Integer.parseInt(p[3], 16);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read canonical-composition.txt", e);
        }
        // Sort the pairs by key, carrying the composites along.
        long[] packed = new long[np];
        Integer[] order = new Integer[np];
        for (int i = 0; i < np; i++) {
            order[i] = i;
        }
        long[] k = keys;
        Arrays.sort(order, (x, y) -> Long.compare(k[x], k[y]));
        int[] sortedVals = new int[np];
        for (int i = 0; i < np; i++) {
            packed[i] = keys[order[i]];
            sortedVals[i] = vals[order[i]];
        }
        return new CanonicalTables(Arrays.copyOf(f, nc), Arrays.copyOf(l, nc), Arrays.copyOf(v, nc), packed,
                sortedVals);
    }
}
