package dev.hubkit.tokenizers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Result of encoding one text (or a pair): ids, tokens, offsets and masks, all of the same length.
 * Offsets are UTF-16 indices into the original input string a token came from (see {@link #sequenceIds()}).
 * Instances are immutable; accessors return copies.
 */
public final class Encoding {
    private final int[] ids;
    private final int[] typeIds;
    private final String[] tokens;
    private final int[] wordIds;
    private final int[] starts;
    private final int[] ends;
    private final int[] specialMask;
    private final int[] attention;
    private final List<Encoding> overflowing;
    /** sequence id -> {start, end} token range. Empty means "everything is sequence 0". */
    private final Map<Integer, int[]> sequenceRanges;

    Encoding(int[] ids, int[] typeIds, String[] tokens, int[] wordIds, int[] starts, int[] ends,
             int[] specialMask, int[] attention, List<Encoding> overflowing, Map<Integer, int[]> sequenceRanges) {
        this.ids = ids;
        this.typeIds = typeIds;
        this.tokens = tokens;
        this.wordIds = wordIds;
        this.starts = starts;
        this.ends = ends;
        this.specialMask = specialMask;
        this.attention = attention;
        this.overflowing = overflowing.isEmpty() ? List.of() : List.copyOf(overflowing);
        // Callers hand over freshly built maps that nobody mutates afterwards.
        this.sequenceRanges = sequenceRanges.isEmpty() ? Map.of() : Collections.unmodifiableMap(sequenceRanges);
    }

    public static Encoding empty() {
        return new Encoding(new int[0], new int[0], new String[0], new int[0], new int[0], new int[0],
                new int[0], new int[0], List.of(), Map.of());
    }

    /** Token ids. */
    public int[] ids() {
        return ids.clone();
    }

    /** Token strings. */
    public String[] tokens() {
        return tokens.clone();
    }

    /** {@code [i] = {start, end}}: UTF-16 offsets of token i in the input text it belongs to. */
    public int[][] offsets() {
        int[][] out = new int[ids.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new int[] {starts[i], ends[i]};
        }
        return out;
    }

    /** Type (segment) ids. */
    public int[] typeIds() {
        return typeIds.clone();
    }

    /** 1 for real tokens, 0 for padding. */
    public int[] attentionMask() {
        return attention.clone();
    }

    /** 1 for special tokens added by the post-processor and for padding, 0 otherwise. */
    public int[] specialTokensMask() {
        return specialMask.clone();
    }

    /** Index of the pre-tokenized word each token comes from, -1 for special and pad tokens. */
    public int[] wordIds() {
        return wordIds.clone();
    }

    /** 0 for tokens of the first text, 1 for the pair text, -1 for special and pad tokens. */
    public int[] sequenceIds() {
        int[] out = new int[ids.length];
        if (sequenceRanges.isEmpty()) {
            return out;
        }
        Arrays.fill(out, -1);
        for (Map.Entry<Integer, int[]> e : sequenceRanges.entrySet()) {
            int[] r = e.getValue();
            for (int i = r[0]; i < r[1] && i < out.length; i++) {
                out[i] = e.getKey();
            }
        }
        return out;
    }

    /** Parts cut off by truncation (each already post-processed and padded like this one). */
    public List<Encoding> overflowing() {
        return overflowing;
    }

    /** Number of tokens. */
    public int length() {
        return ids.length;
    }

    /**
     * Offsets converted to Unicode code point indices of the text each token belongs to.
     *
     * @param text the first input text
     * @param pair the pair text, or null
     */
    public int[][] codePointOffsets(String text, String pair) {
        int[] seq = sequenceIds();
        // Pair parts merged without a post-processor that adds special tokens (none, ByteLevel) keep the type id
        // they were encoded with (1 for the pair) while their sequence ids can be lost or wrong, as in the Rust
        // library's overflowing parts; templates that add special tokens set reliable sequence ids.
        boolean templated = false;
        for (int i = 0; i < ids.length && !templated; i++) {
            templated = specialMask[i] == 1 && attention[i] == 1;
        }
        int[][] out = new int[ids.length][];
        for (int i = 0; i < out.length; i++) {
            boolean second = templated ? seq[i] == 1 || seq[i] < 0 && specialMask[i] == 0 && typeIds[i] == 1
                    : seq[i] == 1 || typeIds[i] == 1;
            String src = second && pair != null ? pair : text;
            int s = Math.min(starts[i], src.length());
            int e = Math.min(ends[i], src.length());
            // A byte-level piece of a supplementary char can end up with an offset between its two surrogates;
            // the Rust library's char offsets cover that whole char.
            if (s > 0 && s < src.length() && Character.isSurrogatePair(src.charAt(s - 1), src.charAt(s))) {
                s--;
            }
            if (e > 0 && e < src.length() && Character.isSurrogatePair(src.charAt(e - 1), src.charAt(e))) {
                e++;
            }
            int cs = src.codePointCount(0, s);
            out[i] = new int[] {cs, cs + src.codePointCount(s, Math.max(s, e))};
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------
    // Pipeline building blocks (used by post-processors); they never modify an instance.

    /** Creates special tokens (offsets 0,0, special mask 1, no word, no sequence). */
    public static Encoding special(int[] ids, String[] tokens, int typeId) {
        int n = ids.length;
        int[] type = new int[n];
        Arrays.fill(type, typeId);
        int[] word = new int[n];
        Arrays.fill(word, -1);
        int[] one = new int[n];
        Arrays.fill(one, 1);
        return new Encoding(ids.clone(), type, tokens.clone(), word, new int[n], new int[n], one.clone(), one,
                List.of(), Map.of());
    }


    /** Internal array (do not modify). */
    public int[] rawIds() {
        return ids;
    }

    public String[] rawTokens() {
        return tokens;
    }

    public int[] rawStarts() {
        return starts;
    }

    public int[] rawEnds() {
        return ends;
    }

    public int[] rawTypeIds() {
        return typeIds;
    }

    public int[] rawWordIds() {
        return wordIds;
    }

    public int[] rawSpecialMask() {
        return specialMask;
    }

    public Map<Integer, int[]> sequenceRanges() {
        return sequenceRanges;
    }

    public Encoding withOverflowing(List<Encoding> over) {
        return new Encoding(ids, typeIds, tokens, wordIds, starts, ends, specialMask, attention, over, sequenceRanges);
    }

    public Encoding withOffsets(int[] newStarts, int[] newEnds) {
        return new Encoding(ids, typeIds, tokens, wordIds, newStarts, newEnds, specialMask, attention, overflowing,
                sequenceRanges);
    }

    public Encoding withTypeIds(int typeId) {
        boolean same = true;
        for (int v : typeIds) {
            if (v != typeId) {
                same = false;
                break;
            }
        }
        if (same) {
            return this;
        }
        int[] t = new int[ids.length];
        Arrays.fill(t, typeId);
        return new Encoding(ids, t, tokens, wordIds, starts, ends, specialMask, attention, overflowing, sequenceRanges);
    }

    public Encoding withSequenceId(int seq) {
        Map<Integer, int[]> r;
        if (sequenceRanges.isEmpty()) {
            r = Map.of(seq, new int[] {0, ids.length});
        } else {
            r = new TreeMap<>(sequenceRanges);
            r.put(seq, new int[] {0, ids.length});
        }
        return new Encoding(ids, typeIds, tokens, wordIds, starts, ends, specialMask, attention, overflowing, r);
    }

    public Encoding withSequenceRanges(Map<Integer, int[]> ranges) {
        return new Encoding(ids, typeIds, tokens, wordIds, starts, ends, specialMask, attention, overflowing, ranges);
    }

    private Encoding slice(int from, int to) {
        return new Encoding(Arrays.copyOfRange(ids, from, to), Arrays.copyOfRange(typeIds, from, to),
                Arrays.copyOfRange(tokens, from, to), Arrays.copyOfRange(wordIds, from, to),
                Arrays.copyOfRange(starts, from, to), Arrays.copyOfRange(ends, from, to),
                Arrays.copyOfRange(specialMask, from, to), Arrays.copyOfRange(attention, from, to), List.of(), Map.of());
    }

    /** Truncates to {@code maxLen}, moving the rest (with {@code stride} overlap) into overflowing parts. */
    public Encoding truncate(int maxLen, int stride, Direction direction) {
        int len = ids.length;
        if (maxLen >= len) {
            return this;
        }
        if (maxLen == 0) {
            List<Encoding> over = new ArrayList<>(overflowing);
            over.add(this);
            return empty().withOverflowing(over);
        }
        if (stride >= maxLen) {
            throw new TokenizerException("truncation stride (" + stride + ") must be strictly less than the length "
                    + "left for the sequence (" + maxLen + "; special tokens are subtracted from max_length)");
        }
        int step = maxLen - stride;
        List<int[]> parts = new ArrayList<>();
        if (direction == Direction.RIGHT) {
            for (int start = 0; start < len; start += step) {
                int stop = Math.min(start + maxLen, len);
                parts.add(new int[] {start, stop});
                if (stop == len) {
                    break;
                }
            }
        } else {
            for (int s = len - 1; s >= 0; s -= step) {
                int stop = s + 1;
                int start = stop < maxLen ? 0 : stop - maxLen;
                if (start < stop) {
                    parts.add(new int[] {start, stop});
                    if (start == 0) {
                        break;
                    }
                }
            }
        }
        Encoding head = slice(parts.get(0)[0], parts.get(0)[1]);
        List<Encoding> over = new ArrayList<>();
        for (int i = 1; i < parts.size(); i++) {
            over.add(slice(parts.get(i)[0], parts.get(i)[1]));
        }
        return head.withOverflowing(over);
    }

    /** Concatenates {@code pair} after this encoding, combining overflowing parts as the Rust library does. */
    public Encoding mergeWith(Encoding pair) {
        List<Encoding> over = new ArrayList<>();
        for (Encoding selfO : overflowing) {
            over.add(selfO.mergeWith(pair));
            for (Encoding otherO : pair.overflowing) {
                over.add(selfO.mergeWith(otherO));
            }
        }
        for (Encoding otherO : pair.overflowing) {
            over.add(this.mergeWith(otherO));
        }
        int n = ids.length;
        int m = pair.ids.length;
        Map<Integer, int[]> ranges = new TreeMap<>(sequenceRanges);
        for (Map.Entry<Integer, int[]> e : pair.sequenceRanges.entrySet()) {
            ranges.put(e.getKey(), new int[] {n + e.getValue()[0], n + e.getValue()[1]});
        }
        return new Encoding(concat(ids, pair.ids), concat(typeIds, pair.typeIds), concat(tokens, pair.tokens),
                concat(wordIds, pair.wordIds), concat(starts, pair.starts), concat(ends, pair.ends),
                concat(specialMask, pair.specialMask), concat(attention, pair.attention), over, ranges)
                .checkLen(n + m);
    }

    private Encoding checkLen(int n) {
        assert ids.length == n;
        return this;
    }

    /** Merges several encodings in order. */
    public static Encoding merge(List<Encoding> encodings) {
        boolean anyOverflow = false;
        int total = 0;
        for (Encoding e : encodings) {
            anyOverflow |= !e.overflowing.isEmpty();
            total += e.ids.length;
        }
        if (anyOverflow) {
            Encoding acc = empty();
            for (Encoding e : encodings) {
                acc = acc.mergeWith(e);
            }
            return acc;
        }
        if (encodings.size() == 1) {
            return encodings.get(0);
        }
        int[] nIds = new int[total];
        int[] nType = new int[total];
        String[] nTok = new String[total];
        int[] nWord = new int[total];
        int[] nS = new int[total];
        int[] nE = new int[total];
        int[] nSpec = new int[total];
        int[] nAtt = new int[total];
        Map<Integer, int[]> ranges = null;
        int at = 0;
        for (Encoding e : encodings) {
            int n = e.ids.length;
            System.arraycopy(e.ids, 0, nIds, at, n);
            System.arraycopy(e.typeIds, 0, nType, at, n);
            System.arraycopy(e.tokens, 0, nTok, at, n);
            System.arraycopy(e.wordIds, 0, nWord, at, n);
            System.arraycopy(e.starts, 0, nS, at, n);
            System.arraycopy(e.ends, 0, nE, at, n);
            System.arraycopy(e.specialMask, 0, nSpec, at, n);
            System.arraycopy(e.attention, 0, nAtt, at, n);
            if (!e.sequenceRanges.isEmpty()) {
                if (ranges == null) {
                    ranges = new TreeMap<>();
                }
                for (Map.Entry<Integer, int[]> r : e.sequenceRanges.entrySet()) {
                    ranges.put(r.getKey(), new int[] {at + r.getValue()[0], at + r.getValue()[1]});
                }
            }
            at += n;
        }
        return new Encoding(nIds, nType, nTok, nWord, nS, nE, nSpec, nAtt, List.of(),
                ranges == null ? Map.of() : ranges);
    }

    /** Pads (and pads every overflowing part) to {@code target} tokens. */
    public Encoding pad(int target, int padId, int padTypeId, String padToken, Direction direction) {
        List<Encoding> over = overflowing;
        if (!over.isEmpty()) {
            List<Encoding> padded = new ArrayList<>(over.size());
            for (Encoding o : over) {
                padded.add(o.pad(target, padId, padTypeId, padToken, direction));
            }
            over = padded;
        }
        int n = ids.length;
        if (n >= target) {
            return withOverflowing(over);
        }
        int p = target - n;
        int[] nIds = new int[target];
        int[] nType = new int[target];
        String[] nTok = new String[target];
        int[] nWord = new int[target];
        int[] nS = new int[target];
        int[] nE = new int[target];
        int[] nSpec = new int[target];
        int[] nAtt = new int[target];
        int off = direction == Direction.LEFT ? p : 0;
        int padOff = direction == Direction.LEFT ? 0 : n;
        System.arraycopy(ids, 0, nIds, off, n);
        System.arraycopy(typeIds, 0, nType, off, n);
        System.arraycopy(tokens, 0, nTok, off, n);
        System.arraycopy(wordIds, 0, nWord, off, n);
        System.arraycopy(starts, 0, nS, off, n);
        System.arraycopy(ends, 0, nE, off, n);
        System.arraycopy(specialMask, 0, nSpec, off, n);
        System.arraycopy(attention, 0, nAtt, off, n);
        for (int i = padOff; i < padOff + p; i++) {
            nIds[i] = padId;
            nType[i] = padTypeId;
            nTok[i] = padToken;
            nWord[i] = -1;
            nSpec[i] = 1;
        }
        Map<Integer, int[]> ranges = sequenceRanges;
        if (direction == Direction.LEFT && !ranges.isEmpty()) {
            Map<Integer, int[]> shifted = new TreeMap<>();
            ranges.forEach((k, v) -> shifted.put(k, new int[] {v[0] + p, v[1] + p}));
            ranges = shifted;
        }
        return new Encoding(nIds, nType, nTok, nWord, nS, nE, nSpec, nAtt, over, ranges);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Override
    public String toString() {
        return "Encoding{ids=" + Arrays.toString(ids) + ", tokens=" + Arrays.toString(tokens) + "}";
    }
}
