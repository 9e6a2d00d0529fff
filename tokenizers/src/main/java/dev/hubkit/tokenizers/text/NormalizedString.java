package dev.hubkit.tokenizers.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * A string being normalized, that remembers for every UTF-16 unit of the normalized text the range of the
 * original input it came from (absolute UTF-16 offsets into the whole input). Mirrors the Rust library's
 * {@code NormalizedString}: every edit goes through {@link #transformRange}, with the same alignment rules.
 * Mutable, confined to one encoding call.
 */
public final class NormalizedString implements CharSequence {
    private char[] buf;
    /** Start of this string in {@code buf}, {@code as} and {@code ae} (slices share arrays). */
    private int off;
    private int len;
    /** Alignments per unit of {@code buf}; null means identity (buf still holds the original text). */
    private int[] as;
    private int[] ae;
    /** Absolute range of the original covered by this (slice of a) string. */
    private final int origStart;
    private final int origEnd;
    private String cached;

    private NormalizedString(char[] buf, int off, int len, int[] as, int[] ae, int origStart, int origEnd) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.as = as;
        this.ae = ae;
        this.origStart = origStart;
        this.origEnd = origEnd;
    }

    /** A normalized string equal to {@code s}, aligned one to one. */
    public static NormalizedString of(String s) {
        int n = s.length();
        NormalizedString ns = new NormalizedString(s.toCharArray(), 0, n, null, null, 0, n);
        ns.cached = s;
        return ns;
    }

    /** Original start of unit {@code j} of {@code buf}. */
    private int alS(int j) {
        if (as != null) {
            return as[j];
        }
        if (Character.isLowSurrogate(buf[j]) && j > 0 && Character.isHighSurrogate(buf[j - 1])) {
            return j - 1;
        }
        return j;
    }

    /** Original end of unit {@code j} of {@code buf}. */
    private int alE(int j) {
        if (ae != null) {
            return ae[j];
        }
        if (Character.isHighSurrogate(buf[j]) && j + 1 < buf.length && Character.isLowSurrogate(buf[j + 1])) {
            return j + 2;
        }
        return j + 1;
    }

    /** The normalized text. */
    public String get() {
        if (cached == null) {
            cached = new String(buf, off, len);
        }
        return cached;
    }

    /** Length of the normalized text in UTF-16 units. */
    @Override
    public int length() {
        return len;
    }

    @Override
    public boolean isEmpty() {
        return len == 0;
    }

    @Override
    public char charAt(int i) {
        return buf[off + i];
    }

    /** Copies the normalized chars {@code [from, to)} into {@code dst} at {@code at} (as {@link String#getChars}). */
    public void getChars(int from, int to, char[] dst, int at) {
        System.arraycopy(buf, off + from, dst, at, to - from);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new String(buf, off + start, end - start);
    }

    /** Absolute start of the original range this string covers. */
    public int originalStart() {
        return origStart;
    }

    /** Absolute end of the original range this string covers. */
    public int originalEnd() {
        return origEnd;
    }

    /** Absolute original start offset of normalized range {@code [s, e)}. */
    public int originalStartOf(int s, int e) {
        return s == e || s >= len ? origStart + s : alS(off + s);
    }

    /** Absolute original end offset of normalized range {@code [s, e)}. */
    public int originalEndOf(int s, int e) {
        return s == e || e > len ? origStart + e : alE(off + e - 1);
    }

    private int cpAt(int i) {
        char c = buf[off + i];
        if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(buf[off + i + 1])) {
            return Character.toCodePoint(c, buf[off + i + 1]);
        }
        return c;
    }

    /** Char at relative index {@code i}. */
    private char ch(int i) {
        return buf[off + i];
    }

    private static int units(int cp) {
        return cp >= 0x10000 ? 2 : 1;
    }

    /**
     * Rust {@code transform_range} on normalized range {@code [nStart, nEnd)}: {@code cps[i]} is the i-th new
     * code point and {@code changes[i]} is 1 for an inserted char, 0 for a replacement, -N for a replacement
     * followed by N removed chars; {@code initialOffset} chars are removed at the start.
     */
    public void transformRange(int nStart, int nEnd, int[] cps, int[] changes, int count, int initialOffset) {
        int rp = nStart;
        for (int k = 0; k < initialOffset && rp < nEnd; k++) {
            rp += units(cpAt(rp));
        }
        int offset = rp;
        int cap = Math.max(16, count + (count >> 2));
        char[] nb = new char[cap];
        int[] ns = new int[cap];
        int[] ne = new int[cap];
        int w = 0;
        for (int i = 0; i < count; i++) {
            int c = cps[i];
            int ch = changes[i];
            int a0;
            int a1;
            if (ch > 0) {
                if (offset < 1) {
                    a0 = origStart;
                    a1 = origStart;
                } else {
                    a0 = alS(off + offset - 1);
                    a1 = alE(off + offset - 1);
                }
            } else if (offset < len) {
                a0 = alS(off + offset);
                a1 = alE(off + offset);
            } else {
                a0 = len > 0 ? alE(off + len - 1) : origStart;
                a1 = a0;
            }
            if (ch <= 0 && rp < nEnd) {
                int sz = units(cpAt(rp));
                rp += sz;
                offset += sz;
            }
            if (ch < 0) {
                for (int k = 0; k < -ch && rp < nEnd; k++) {
                    int sz = units(cpAt(rp));
                    rp += sz;
                    offset += sz;
                }
            }
            int u = units(c);
            if (w + u > nb.length) {
                int nc = nb.length * 2 + u;
                nb = Arrays.copyOf(nb, nc);
                ns = Arrays.copyOf(ns, nc);
                ne = Arrays.copyOf(ne, nc);
            }
            if (u == 1) {
                nb[w] = (char) c;
                ns[w] = a0;
                ne[w++] = a1;
            } else {
                nb[w] = Character.highSurrogate(c);
                ns[w] = a0;
                ne[w++] = a1;
                nb[w] = Character.lowSurrogate(c);
                ns[w] = a0;
                ne[w++] = a1;
            }
        }
        splice(nStart, nEnd, nb, ns, ne, w);
    }

    private void splice(int s, int e, char[] nb, int[] ns, int[] ne, int w) {
        int newLen = len - (e - s) + w;
        char[] b2 = new char[newLen];
        int[] s2 = new int[newLen];
        int[] e2 = new int[newLen];
        System.arraycopy(buf, off, b2, 0, s);
        copyAlign(off, s2, e2, 0, s);
        System.arraycopy(nb, 0, b2, s, w);
        System.arraycopy(ns, 0, s2, s, w);
        System.arraycopy(ne, 0, e2, s, w);
        System.arraycopy(buf, off + e, b2, s + w, len - e);
        copyAlign(off + e, s2, e2, s + w, len - e);
        buf = b2;
        as = s2;
        ae = e2;
        off = 0;
        len = newLen;
        cached = null;
    }

    private void copyAlign(int from, int[] ds, int[] de, int to, int n) {
        if (as != null) {
            System.arraycopy(as, from, ds, to, n);
            System.arraycopy(ae, from, de, to, n);
        } else {
            // Identity: unit j covers [j, j + 1), a surrogate pair covers both its units.
            char[] b = buf;
            for (int k = 0; k < n; k++) {
                int j = from + k;
                if (Character.isSurrogate(b[j])) {
                    ds[to + k] = alS(j);
                    de[to + k] = alE(j);
                } else {
                    ds[to + k] = j;
                    de[to + k] = j + 1;
                }
            }
        }
    }

    /** Absolute original start of normalized unit {@code i} ({@code 0 <= i < length()}). */
    public int alignmentStart(int i) {
        return alS(off + i);
    }

    /** Absolute original end of normalized unit {@code i} ({@code 0 <= i < length()}). */
    public int alignmentEnd(int i) {
        return alE(off + i);
    }

    /**
     * Replaces the whole text by {@code chars[0, n)}, unit {@code k} coming from the original range
     * {@code [starts[k], ends[k])} (absolute offsets, as {@link #alignmentStart} gives them). The arrays are
     * taken over, not copied. For normalizers that compute the result and its alignments in one pass.
     */
    public void rewrite(char[] chars, int[] starts, int[] ends, int n) {
        buf = chars;
        as = starts;
        ae = ends;
        off = 0;
        len = n;
        cached = null;
    }

    /** Builds a whole-string transformation. */
    public Edit edit() {
        return new Edit(len);
    }

    /** Accumulates (code point, change) pairs, then applies them with {@link #apply}. */
    public final class Edit {
        private int[] cps;
        private int[] changes;
        private int n;

        Edit(int hint) {
            cps = new int[Math.max(8, hint)];
            changes = new int[cps.length];
        }

        /** Adds a new char with the Rust change semantics. */
        public Edit add(int cp, int change) {
            if (n == cps.length) {
                cps = Arrays.copyOf(cps, n * 2);
                changes = Arrays.copyOf(changes, n * 2);
            }
            cps[n] = cp;
            changes[n++] = change;
            return this;
        }

        /** Applies to the whole string. */
        public void apply(int initialOffset) {
            transformRange(0, len, cps, changes, n, initialOffset);
        }
    }

    /** Replaces every code point by {@code f(cp)}. */
    public void map(IntUnaryOperator f) {
        boolean sameUnits = true;
        boolean changed = false;
        for (int i = 0; i < len; ) {
            int cp = cpAt(i);
            int m = f.applyAsInt(cp);
            if (m != cp) {
                changed = true;
                if (units(m) != units(cp)) {
                    sameUnits = false;
                    break;
                }
            }
            i += units(cp);
        }
        if (!changed) {
            return;
        }
        if (sameUnits) {
            // Replacing a char by one of the same UTF-16 length keeps every alignment: edit in place.
            for (int i = 0; i < len; ) {
                int cp = cpAt(i);
                int m = f.applyAsInt(cp);
                int u = units(cp);
                if (m != cp) {
                    writeCp(i, m);
                }
                i += u;
            }
            cached = null;
            return;
        }
        Edit e = edit();
        for (int i = 0; i < len; ) {
            int cp = cpAt(i);
            e.add(f.applyAsInt(cp), 0);
            i += units(cp);
        }
        e.apply(0);
    }

    private void writeCp(int i, int cp) {
        if (cp < 0x10000) {
            buf[off + i] = (char) cp;
        } else {
            buf[off + i] = Character.highSurrogate(cp);
            buf[off + i + 1] = Character.lowSurrogate(cp);
        }
    }

    /** Keeps only code points for which {@code keep} is true. */
    public void filter(IntPredicate keep) {
        int firstRemoved = -1;
        int lastRemovedEnd = -1;
        for (int i = 0; i < len; ) {
            int cp = cpAt(i);
            int u = units(cp);
            if (!keep.test(cp)) {
                if (firstRemoved < 0) {
                    firstRemoved = i;
                }
                lastRemovedEnd = i + u;
            }
            i += u;
        }
        if (firstRemoved < 0) {
            return;
        }
        // Only [the kept char before the first removed one, the end of the last removed one) changes: the chars
        // around it are kept in place, which leaves their alignments as they are.
        int from = 0;
        if (firstRemoved > 0) {
            from = firstRemoved - 1;
            if (from > 0 && Character.isLowSurrogate(ch(from)) && Character.isHighSurrogate(ch(from - 1))) {
                from--;
            }
        }
        int to = lastRemovedEnd;
        // Walk backwards like the Rust implementation, so removed chars attach to the kept char before them.
        int cap = to - from;
        int[] cpsRev = new int[cap];
        int[] chRev = new int[cap];
        int n = 0;
        int removed = 0;
        int i = to;
        while (i > from) {
            int j = i - 1;
            if (j > from && Character.isLowSurrogate(ch(j)) && Character.isHighSurrogate(ch(j - 1))) {
                j--;
            }
            int cp = cpAt(j);
            if (keep.test(cp)) {
                cpsRev[n] = cp;
                chRev[n++] = removed > 0 ? -removed : 0;
                removed = 0;
            } else {
                removed++;
            }
            i = j;
        }
        int[] cps = new int[n];
        int[] chg = new int[n];
        for (int k = 0; k < n; k++) {
            cps[k] = cpsRev[n - 1 - k];
            chg[k] = chRev[n - 1 - k];
        }
        transformRange(from, to, cps, chg, n, removed);
    }

    /** Rust {@code char::to_lowercase} on every code point. */
    public void lowercase() {
        boolean special = false;
        boolean changed = false;
        for (int i = 0; i < len; ) {
            char c = ch(i);
            if (c < 0x80) {
                if (c >= 'A' && c <= 'Z') {
                    changed = true;
                }
                i++;
                continue;
            }
            int cp = cpAt(i);
            int l = Chars.lowercase(cp);
            if (l != cp) {
                changed = true;
                if (l == -1 || units(l) != units(cp)) {
                    special = true;
                    break;
                }
            }
            i += units(cp);
        }
        if (!changed) {
            return;
        }
        if (!special) {
            for (int i = 0; i < len; ) {
                char c = ch(i);
                if (c < 0x80) {
                    if (c >= 'A' && c <= 'Z') {
                        buf[off + i] = (char) (c + 32);
                    }
                    i++;
                    continue;
                }
                int cp = cpAt(i);
                int l = Chars.lowercase(cp);
                if (l != cp) {
                    writeCp(i, l);
                }
                i += units(cp);
            }
            cached = null;
            return;
        }
        Edit e = edit();
        for (int i = 0; i < len; ) {
            int cp = cpAt(i);
            int l = Chars.lowercase(cp);
            if (l == -1) {
                e.add(Chars.LOWER_I_DOT[0], 0).add(Chars.LOWER_I_DOT[1], 1);
            } else {
                e.add(l, 0);
            }
            i += units(cp);
        }
        e.apply(0);
    }

    /** Uppercase every code point (full mapping per code point). */
    public void uppercase() {
        Edit e = edit();
        for (int i = 0; i < len; ) {
            int cp = cpAt(i);
            String up = new String(Character.toChars(cp)).toUpperCase(java.util.Locale.ROOT);
            int k = 0;
            for (int j = 0; j < up.length(); ) {
                int u = up.codePointAt(j);
                e.add(u, k++ == 0 ? 0 : 1);
                j += Character.charCount(u);
            }
            i += units(cp);
        }
        e.apply(0);
    }

    /** Prepends {@code s}; the new chars share the alignment of the first char. */
    public void prepend(String s) {
        if (len == 0 || s.isEmpty()) {
            return;
        }
        int first = cpAt(0);
        int[] cps = new int[s.codePointCount(0, s.length()) + 1];
        int[] ch = new int[cps.length];
        int k = 0;
        for (int j = 0; j < s.length(); ) {
            int cp = s.codePointAt(j);
            cps[k] = cp;
            ch[k] = k == 0 ? 0 : 1;
            k++;
            j += Character.charCount(cp);
        }
        cps[k] = first;
        ch[k] = 1;
        transformRange(0, units(first), cps, ch, k + 1, 0);
    }

    /** Appends {@code s}; the new chars share the alignment of the last char. */
    public void append(String s) {
        if (len == 0 || s.isEmpty()) {
            return;
        }
        int b = len - 1;
        if (b > 0 && Character.isLowSurrogate(ch(b)) && Character.isHighSurrogate(ch(b - 1))) {
            b--;
        }
        int last = cpAt(b);
        int[] cps = new int[s.codePointCount(0, s.length()) + 1];
        int[] ch = new int[cps.length];
        cps[0] = last;
        int k = 1;
        for (int j = 0; j < s.length(); ) {
            int cp = s.codePointAt(j);
            cps[k] = cp;
            ch[k++] = 1;
            j += Character.charCount(cp);
        }
        transformRange(b, len, cps, ch, k, 0);
    }

    /** Replaces each match of {@code pattern} by {@code content}. */
    public void replace(SplitPattern pattern, String content) {
        int[] m = pattern.findMatches(get());
        int[] cps = content.codePoints().toArray();
        if (cps.length == 1 && replaceEachCodePointInPlace(m, cps[0])) {
            return;
        }
        int shift = 0;
        int[] ch = new int[cps.length];
        Arrays.fill(ch, 1);
        int newLen = content.length();
        for (int i = 0; i < m.length; i += 3) {
            if (m[i + 2] == 0) {
                continue;
            }
            int s = Math.max(0, m[i] + shift);
            int e = Math.max(0, m[i + 1] + shift);
            int removedChars = Character.codePointCount(buf, off + s, e - s);
            transformRange(s, e, cps, ch, cps.length, removedChars);
            shift += newLen - (m[i + 1] - m[i]);
        }
    }

    /**
     * Fast path of {@link #replace} when every match is one code point of the same UTF-16 length as the
     * replacement {@code cp} (e.g. Metaspace's space to U+2581): the replacement inherits the alignment of
     * the char it replaces, exactly what removing it and inserting {@code cp} gives, so edit in place
     * instead of splicing once per match. Returns false, changing nothing, when the matches do not fit.
     */
    private boolean replaceEachCodePointInPlace(int[] m, int cp) {
        int u = units(cp);
        for (int i = 0; i < m.length; i += 3) {
            if (m[i + 2] != 0 && (m[i + 1] - m[i] != u || units(cpAt(m[i])) != u)) {
                return false;
            }
        }
        for (int i = 0; i < m.length; i += 3) {
            if (m[i + 2] != 0) {
                writeCp(m[i], cp);
            }
        }
        cached = null;
        return true;
    }

    /**
     * Replaces every {@code from} char by {@code to} in place: what {@link #replace} gives for a one-char pattern
     * and a one-char replacement (each replacement keeps the alignment of the char it replaces).
     */
    public void replaceChar(char from, char to) {
        char[] b = buf;
        for (int i = off, end = off + len; i < end; i++) {
            if (b[i] == from) {
                b[i] = to;
                cached = null;
            }
        }
    }

    /** Removes leading and/or trailing White_Space. */
    public void strip(boolean left, boolean right) {
        int lead = 0;
        int leadUnits = 0;
        if (left) {
            while (leadUnits < len && Chars.isWhitespace(cpAt(leadUnits))) {
                leadUnits += units(cpAt(leadUnits));
                lead++;
            }
        }
        int trailUnits = 0;
        int trail = 0;
        if (right) {
            int i = len;
            while (i > leadUnits) {
                int j = i - 1;
                if (j > 0 && Character.isLowSurrogate(ch(j)) && Character.isHighSurrogate(ch(j - 1))) {
                    j--;
                }
                if (!Chars.isWhitespace(cpAt(j))) {
                    break;
                }
                trail++;
                trailUnits += i - j;
                i = j;
            }
        }
        if (lead == 0 && trail == 0) {
            return;
        }
        Edit e = edit();
        int end = len - trailUnits;
        int lastStart = -1;
        for (int i = leadUnits; i < end; ) {
            lastStart = i;
            i += units(cpAt(i));
        }
        for (int i = leadUnits; i < end; ) {
            int cp = cpAt(i);
            e.add(cp, i == lastStart ? -trail : 0);
            i += units(cp);
        }
        e.apply(lead);
    }

    /** Normalized range {@code [s, e)} with its alignments (shares storage with this string). */
    public NormalizedString slice(int s, int e) {
        int n = e - s;
        int os;
        int oe;
        if (n == 0) {
            os = origStart + s;
            oe = os;
        } else {
            os = alS(off + s);
            oe = alE(off + e - 1);
        }
        NormalizedString r = new NormalizedString(buf, off + s, n, as, ae, os, oe);
        if (s == 0 && e == len && cached != null) {
            r.cached = cached;
        }
        return r;
    }

    /** Splits around the matches of {@code pattern} with the given delimiter behavior. */
    public List<NormalizedString> split(SplitPattern pattern, SplitBehavior behavior) {
        int[] m = pattern.findMatches(get());
        int[] sp = behavior.apply(m);
        List<NormalizedString> out = new ArrayList<>(sp.length / 3);
        for (int i = 0; i < sp.length; i += 3) {
            if (sp[i + 2] == 0) {
                out.add(slice(sp[i], sp[i + 1]));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return get();
    }
}
