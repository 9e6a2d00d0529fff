package dev.hubkit.tokenizers.text;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unicode normalization forms applied to a {@link NormalizedString} while keeping alignments, exactly as the Rust
 * library does it ({@code unicode-normalization-alignments}): every code point is decomposed (its first output
 * char replaces it, the others are insertions), runs of non-starters are stably sorted by combining class with
 * their change markers attached, and for the composed forms the canonical composition algorithm merges chars,
 * each merge adding one removal to the composite. The resulting (char, change) stream is applied with
 * {@link NormalizedString#transformRange}.
 */
public final class UnicodeForms {
    private static final ConcurrentHashMap<Integer, int[]> CANONICAL = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, int[]> COMPATIBLE = new ConcurrentHashMap<>();

    private UnicodeForms() {
    }

    /** Applies {@code form} to {@code ns}. */
    public static void apply(NormalizedString ns, Normalizer.Form form) {
        String s = ns.get();
        if (Normalizer.isNormalized(s, form)) {
            return;
        }
        // ASCII is left as it is by every form and never reorders or composes with what precedes it, so only the
        // span from the ASCII char before the first non-ASCII char (it may compose with what follows) to the last
        // non-ASCII char can change; the rest keeps its alignments.
        int n = s.length();
        int first = 0;
        while (first < n && s.charAt(first) < 0x80) {
            first++;
        }
        int last = n;
        while (last > first && s.charAt(last - 1) < 0x80) {
            last--;
        }
        int from = first > 0 ? first - 1 : 0;
        boolean compat = form == Normalizer.Form.NFKC || form == Normalizer.Form.NFKD;
        boolean compose = form == Normalizer.Form.NFC || form == Normalizer.Form.NFKC;
        CanonicalTables tables = CanonicalTables.get();
        Stream d = decompose(s, from, last, compat, tables);
        if (compose) {
            d = recompose(d, tables);
        }
        ns.transformRange(from, last, d.cps, d.changes, d.n, 0);
    }

    /** A growable list of (code point, change) pairs. */
    private static final class Stream {
        int[] cps;
        int[] changes;
        int n;

        Stream(int cap) {
            cps = new int[Math.max(8, cap)];
            changes = new int[cps.length];
        }

        void add(int cp, int change) {
            if (n == cps.length) {
                cps = Arrays.copyOf(cps, n * 2);
                changes = Arrays.copyOf(changes, n * 2);
            }
            cps[n] = cp;
            changes[n++] = change;
        }
    }

    private static Stream decompose(String s, int from, int to, boolean compat, CanonicalTables tables) {
        Stream out = new Stream(to - from + 8);
        for (int i = from; i < to; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                out.add(cp, 0);
                continue;
            }
            int[] d = decomposition(cp, compat);
            for (int k = 0; k < d.length; k++) {
                out.add(d[k], k == 0 ? 0 : 1);
            }
        }
        // Canonical ordering: stable sort of every run of non-starters by combining class.
        int[] ccc = new int[out.n];
        for (int i = 0; i < out.n; i++) {
            ccc[i] = tables.ccc(out.cps[i]);
        }
        for (int i = 0; i < out.n; ) {
            if (ccc[i] == 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < out.n && ccc[j] != 0) {
                j++;
            }
            for (int a = i + 1; a < j; a++) {
                int c = ccc[a];
                int cp = out.cps[a];
                int ch = out.changes[a];
                int b = a - 1;
                while (b >= i && ccc[b] > c) {
                    ccc[b + 1] = ccc[b];
                    out.cps[b + 1] = out.cps[b];
                    out.changes[b + 1] = out.changes[b];
                    b--;
                }
                ccc[b + 1] = c;
                out.cps[b + 1] = cp;
                out.changes[b + 1] = ch;
            }
            i = j;
        }
        return out;
    }

    /** The canonical decomposition (NFD) of {@code cp}. */
    public static int[] canonicalDecomposition(int cp) {
        return decomposition(cp, false).clone();
    }

    /** The canonical combining class of {@code cp}, from the tables the Rust library uses. */
    public static int combiningClass(int cp) {
        return CanonicalTables.get().ccc(cp);
    }

    private static int[] decomposition(int cp, boolean compat) {
        ConcurrentHashMap<Integer, int[]> cache = compat ? COMPATIBLE : CANONICAL;
        int[] d = cache.get(cp);
        if (d == null) {
            d = RustUnicodeTables.keptWhole(cp) ? new int[] {cp}
                    : Normalizer.normalize(new String(Character.toChars(cp)),
                            compat ? Normalizer.Form.NFKD : Normalizer.Form.NFD).codePoints().toArray();
            if (cache.size() < 100_000) {
                cache.put(cp, d);
            }
        }
        return d;
    }

    /** Canonical composition (the Rust {@code Recompositions} iterator), merging change markers. */
    private static Stream recompose(Stream in, CanonicalTables tables) {
        Stream out = new Stream(in.n);
        Stream buffer = new Stream(4);
        boolean hasComposee = false;
        int kc = 0;
        int kch = 0;
        int lastCcc = -1;
        for (int i = 0; i < in.n; i++) {
            int ch = in.cps[i];
            int chg = in.changes[i];
            int cls = tables.ccc(ch);
            if (!hasComposee) {
                if (cls != 0) {
                    out.add(ch, chg);
                } else {
                    hasComposee = true;
                    kc = ch;
                    kch = chg;
                }
                continue;
            }
            if (lastCcc < 0) {
                int r = tables.compose(kc, ch);
                if (r >= 0) {
                    kc = r;
                    kch = kch + chg - 1;
                    continue;
                }
                if (cls == 0) {
                    out.add(kc, kch);
                    kc = ch;
                    kch = chg;
                    continue;
                }
                buffer.add(ch, chg);
                lastCcc = cls;
                continue;
            }
            if (lastCcc >= cls) {
                if (cls == 0) {
                    out.add(kc, kch);
                    kc = ch;
                    kch = chg;
                    lastCcc = -1;
                    flush(buffer, out);
                    continue;
                }
                buffer.add(ch, chg);
                lastCcc = cls;
                continue;
            }
            int r = tables.compose(kc, ch);
            if (r >= 0) {
                kc = r;
                kch = kch + chg - 1;
                continue;
            }
            buffer.add(ch, chg);
            lastCcc = cls;
        }
        if (hasComposee) {
            out.add(kc, kch);
        }
        flush(buffer, out);
        return out;
    }

    private static void flush(Stream buffer, Stream out) {
        for (int i = 0; i < buffer.n; i++) {
            out.add(buffer.cps[i], buffer.changes[i]);
        }
        buffer.n = 0;
    }
}
