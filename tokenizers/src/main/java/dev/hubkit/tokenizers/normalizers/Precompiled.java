package dev.hubkit.tokenizers.normalizers;

import dev.hubkit.tokenizers.TokenizerException;
import dev.hubkit.tokenizers.text.NormalizedString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SentencePiece's precompiled character map (a darts-clone double-array trie over UTF-8 plus a blob of
 * replacement strings), applied per grapheme cluster as the Rust library does.
 */
public final class Precompiled implements Normalizer {
    private static final Pattern GRAPHEME = Pattern.compile("\\X");
    private final byte[] raw;
    private final int[] array;
    private final byte[] normalized;

    /** Parses the decoded {@code precompiled_charsmap} bytes. */
    public Precompiled(byte[] charsmap) {
        this.raw = charsmap.clone();
        if (charsmap.length == 0) {
            array = new int[0];
            normalized = new byte[0];
            return;
        }
        if (charsmap.length < 4) {
            throw new TokenizerException("precompiled_charsmap is too short (" + charsmap.length + " bytes)");
        }
        ByteBuffer bb = ByteBuffer.wrap(charsmap).order(ByteOrder.LITTLE_ENDIAN);
        long trieSize = bb.getInt() & 0xFFFFFFFFL;
        if (trieSize % 4 != 0 || trieSize + 4 > charsmap.length) {
            throw new TokenizerException("precompiled_charsmap is corrupt: trie size " + trieSize + " does not fit in "
                    + charsmap.length + " bytes");
        }
        array = new int[(int) (trieSize / 4)];
        for (int i = 0; i < array.length; i++) {
            array[i] = bb.getInt();
        }
        normalized = new byte[charsmap.length - 4 - (int) trieSize];
        bb.get(normalized);
    }

    /** The raw charsmap bytes. */
    public byte[] charsmap() {
        return raw.clone();
    }

    private int firstPrefixValue(byte[] key) {
        return firstPrefixValue(key, key.length);
    }

    private int firstPrefixValue(byte[] key, int length) {
        if (array.length == 0) {
            return -1;
        }
        int nodePos = 0;
        int unit = array[0];
        nodePos ^= offset(unit);
        for (int k = 0; k < length; k++) {
            int c = key[k] & 0xFF;
            if (c == 0) {
                break;
            }
            nodePos ^= c;
            if (nodePos < 0 || nodePos >= array.length) {
                return -1;
            }
            unit = array[nodePos];
            if ((unit & (0x80000000 | 0xFF)) != c) {
                return -1;
            }
            nodePos ^= offset(unit);
            if (((unit >>> 8) & 1) == 1) {
                if (nodePos < 0 || nodePos >= array.length) {
                    return -1;
                }
                return array[nodePos] & 0x7FFFFFFF;
            }
        }
        return -1;
    }

    private static int offset(int unit) {
        return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    }

    /** The replacement for {@code chunk}, or null. */
    String transform(String chunk) {
        int idx = firstPrefixValue(chunk.getBytes(StandardCharsets.UTF_8));
        if (idx < 0 || idx > normalized.length) {
            return null;
        }
        int end = idx;
        while (end < normalized.length && normalized[end] != 0) {
            end++;
        }
        return new String(normalized, idx, end - idx, StandardCharsets.UTF_8);
    }

    /**
     * Replacement of every BMP code point as one grapheme ({@code transform} of its UTF-8), as code points; null
     * where there is none. Built on first use.
     */
    private volatile int[][] bmp;

    private int[][] bmpTable() {
        int[][] t = bmp;
        if (t == null) {
            t = new int[0x10000][];
            byte[] key = new byte[3];
            for (int c = 0; c < 0x10000; c++) {
                if (Character.isSurrogate((char) c)) {
                    continue;
                }
                int len = Utf8Keys.encode(c, key);
                int idx = firstPrefixValue(key, len);
                if (idx >= 0 && idx <= normalized.length) {
                    t[c] = replacementAt(idx).codePoints().toArray();
                }
            }
            bmp = t;
        }
        return t;
    }

    private String replacementAt(int idx) {
        int end = idx;
        while (end < normalized.length && normalized[end] != 0) {
            end++;
        }
        return new String(normalized, idx, end - idx, StandardCharsets.UTF_8);
    }

    /**
     * Rust's {@code Precompiled::normalize}: per extended grapheme cluster, the replacement of the whole cluster
     * (when its UTF-8 is shorter than 6 bytes) or else of each char. Most clusters are one BMP char whose
     * neighbours cannot join it ({@link GraphemeChars#isSimple}); those are looked up in a table, and the text
     * is only rewritten (through {@link NormalizedString#transformRange}) when something changes.
     */
    @Override
    public void normalize(NormalizedString s) {
        if (array.length == 0) {
            return;
        }
        int[][] table = bmpTable();
        int n = s.length();
        Matcher m = null;
        // First pass: find whether any cluster changes.
        int i = 0;
        boolean modified = false;
        while (i < n) {
            char c = s.charAt(i);
            if (GraphemeChars.isSimple(c) && (i + 1 == n || GraphemeChars.isSimple(s.charAt(i + 1)))) {
                if (table[c] != null) {
                    modified = true;
                    break;
                }
                i++;
                continue;
            }
            if (m == null) {
                m = GRAPHEME.matcher(s);
            }
            int end = clusterEnd(m, i);
            if (clusterChanges(s, i, end, table)) {
                modified = true;
                break;
            }
            i = end;
        }
        if (!modified) {
            return;
        }
        // Second pass: the (char, change) list of the Rust implementation for the whole text.
        Changes tr = new Changes(n + 8);
        i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (GraphemeChars.isSimple(c) && (i + 1 == n || GraphemeChars.isSimple(s.charAt(i + 1)))) {
                int[] r = table[c];
                if (r == null) {
                    tr.add(c, 0);
                } else {
                    tr.replace(1, r);
                }
                i++;
                continue;
            }
            if (m == null) {
                m = GRAPHEME.matcher(s);
            }
            int end = clusterEnd(m, i);
            transformCluster(s, i, end, table, tr);
            i = end;
        }
        s.transformRange(0, n, tr.cps, tr.changes, tr.n, 0);
    }

    private static int clusterEnd(Matcher m, int i) {
        if (!m.find(i)) {
            throw new IllegalStateException("no grapheme cluster at " + i);
        }
        return m.end();
    }

    /** The replacement of cluster {@code s[from, to)} as a whole, or null. */
    private int[] clusterReplacement(CharSequence s, int from, int to, int[][] table) {
        if (to - from == 1) {
            char c = s.charAt(from);
            return table[Character.isSurrogate(c) ? '?' : c];
        }
        byte[] key = new byte[6];
        int len = 0;
        for (int i = from; i < to; ) {
            int cp = Character.codePointAt(s, i);
            int u = Utf8Keys.length(cp);
            if (len + u >= 6) {
                return null;
            }
            len += Utf8Keys.encode(cp, key, len);
            i += Character.charCount(cp);
        }
        int idx = firstPrefixValue(key, len);
        return idx < 0 || idx > normalized.length ? null : replacementAt(idx).codePoints().toArray();
    }

    /** The replacement of one code point, or null. */
    private int[] charReplacement(int cp, int[][] table) {
        if (cp < 0x10000) {
            // A lone surrogate is looked up as '?', which is what the String-based lookup gave.
            return table[Character.isSurrogate((char) cp) ? '?' : cp];
        }
        byte[] key = new byte[4];
        int idx = firstPrefixValue(key, Utf8Keys.encode(cp, key, 0));
        return idx < 0 || idx > normalized.length ? null : replacementAt(idx).codePoints().toArray();
    }

    private boolean clusterChanges(CharSequence s, int from, int to, int[][] table) {
        if (clusterReplacement(s, from, to, table) != null) {
            return true;
        }
        for (int i = from; i < to; ) {
            int cp = Character.codePointAt(s, i);
            if (charReplacement(cp, table) != null) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    private void transformCluster(CharSequence s, int from, int to, int[][] table, Changes tr) {
        int[] whole = clusterReplacement(s, from, to, table);
        if (whole != null) {
            tr.replace(Character.codePointCount(s, from, to), whole);
            return;
        }
        for (int i = from; i < to; ) {
            int cp = Character.codePointAt(s, i);
            int[] r = charReplacement(cp, table);
            if (r == null) {
                tr.add(cp, 0);
            } else {
                tr.replace(1, r);
            }
            i += Character.charCount(cp);
        }
    }

    /** The (char, change) list being built, with Rust's {@code replace} helper. */
    private static final class Changes {
        int[] cps;
        int[] changes;
        int n;

        Changes(int cap) {
            cps = new int[cap];
            changes = new int[cap];
        }

        void add(int cp, int change) {
            if (n == cps.length) {
                cps = Arrays.copyOf(cps, n * 2 + 8);
                changes = Arrays.copyOf(changes, cps.length);
            }
            cps[n] = cp;
            changes[n++] = change;
        }

        /** Replaces {@code oldCount} chars by {@code newCps}: extra chars are insertions, missing ones removals. */
        void replace(int oldCount, int[] newCps) {
            int diff = newCps.length - oldCount;
            for (int cp : newCps) {
                add(cp, 0);
            }
            if (diff > 0) {
                for (int i = n - 1, k = 0; k < diff && i >= 0; i--, k++) {
                    changes[i] = 1;
                }
            } else if (diff < 0 && n > 0) {
                changes[n - 1] += diff;
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Precompiled p && java.util.Arrays.equals(p.raw, raw);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(raw);
    }
}
