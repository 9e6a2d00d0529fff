package dev.hubkit.tokenizers.models;

import dev.hubkit.tokenizers.TokenizerException;
import dev.hubkit.tokenizers.text.LongMinHeap;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Byte-pair encoding: characters are merged by merge rank (lowest first, then leftmost), with optional unknown
 * token (fused or not), continuing-subword prefix, end-of-word suffix, byte fallback and ignore_merges.
 */
public final class Bpe implements Model {
    /** 32k entries, like the Rust library's 10k-word cache, but replacing old words instead of filling up. */
    private static final int CACHE_BITS = 15;
    private static final int CACHE_MAX_WORD = 256;

    private final Vocab vocab;
    private final List<String[]> merges;
    private final PairRanks pairToRank;
    private final int[] rankNewId;
    private final String unkToken;
    private final String prefix;
    private final String suffix;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final int[] singleChar = new int[0x10000];
    private final int[] byteIds = new int[256];
    private final WordCache cache = new WordCache(CACHE_BITS);

    /**
     * @param merges pairs {left, right} in rank order
     * @throws TokenizerException when a merge refers to a token missing from the vocabulary
     */
    public Bpe(Map<String, Integer> vocab, List<String[]> merges, String unkToken, String continuingSubwordPrefix,
               String endOfWordSuffix, boolean fuseUnk, boolean byteFallback, boolean ignoreMerges) {
        this.vocab = new Vocab(vocab, merges instanceof MergeList);
        this.merges = merges instanceof MergeList ml ? java.util.Collections.unmodifiableList(ml) : List.copyOf(merges);
        this.unkToken = unkToken;
        this.prefix = continuingSubwordPrefix == null || continuingSubwordPrefix.isEmpty() ? null
                : continuingSubwordPrefix;
        this.suffix = endOfWordSuffix == null || endOfWordSuffix.isEmpty() ? null : endOfWordSuffix;
        this.fuseUnk = fuseUnk;
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        int prefixLen = prefix == null ? 0 : prefix.length();
        this.rankNewId = new int[merges.size()];
        int[] lefts = new int[merges.size()];
        int[] rights = new int[merges.size()];
        if (merges instanceof MergeList ml) {
            buildFromPool(ml, prefixLen, lefts, rights);
        } else {
            for (int r = 0; r < merges.size(); r++) {
                String[] m = merges.get(r);
                int a = this.vocab.get(m[0]);
                int b = this.vocab.get(m[1]);
                if (a < 0 || b < 0) {
                    throw missing(r, a < 0 ? m[0] : m[1]);
                }
                if (m[1].length() < prefixLen) {
                    throw shorterThanPrefix(r, m[1]);
                }
                String merged = m[0] + m[1].substring(prefixLen);
                int id = this.vocab.get(merged);
                if (id < 0) {
                    throw missingMerged(r, merged);
                }
                rankNewId[r] = id;
                lefts[r] = a;
                rights[r] = b;
            }
        }
        this.pairToRank = new PairRanks(lefts, rights, merges.size());
        Arrays.fill(singleChar, -2);
        Arrays.fill(byteIds, -1);
        if (byteFallback) {
            for (int b = 0; b < 256; b++) {
                byteIds[b] = this.vocab.get(String.format("<0x%02X>", b));
            }
        }
    }

    /** Merge lists at least this long look their tokens up on several threads (the vocabulary is read-only). */
    private static final int PARALLEL_MERGES = 32_768;

    /**
     * The merge table straight from the merge list's char pool (no String per token or merged token). The
     * lookups of large lists run in parallel chunks; the table is then filled in rank order.
     */
    private void buildFromPool(MergeList ml, int prefixLen, int[] lefts, int[] rights) {
        int n = ml.size();
        int chunk = 8192;
        int chunks = (n + chunk - 1) / chunk;
        int[] firstBad = new int[Math.max(1, chunks)];
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, chunks);
        (n >= PARALLEL_MERGES ? range.parallel() : range).forEach(c -> {
            firstBad[c] = lookUp(ml, prefixLen, c * chunk, Math.min(n, (c + 1) * chunk), lefts, rights);
        });
        for (int c = 0; c < chunks; c++) {
            if (firstBad[c] >= 0) {
                throw badMerge(ml, prefixLen, firstBad[c]);
            }
        }
    }

    /** Merges whose two tokens are looked up together ({@link Vocab#getAll}). */
    private static final int BATCH = 256;

    /** Fills the pair ids and {@link #rankNewId} of merges {@code [from, to)}; returns the first bad rank or -1. */
    private int lookUp(MergeList ml, int prefixLen, int from, int to, int[] lefts, int[] rights) {
        char[] pool = ml.pool();
        int[] keyFrom = new int[2 * BATCH];
        int[] keyTo = new int[2 * BATCH];
        int[] ids = new int[2 * BATCH];
        long[] work = new long[2 * BATCH];
        int[] work2 = new int[2 * BATCH];
        // Vocabularies usually list merged tokens in merge order, and a token made by several merges (other
        // splits of it) has them next to each other: try the last merged id and the one after it first.
        int last = -1;
        for (int start = from; start < to; start += BATCH) {
            int m = Math.min(BATCH, to - start);
            for (int j = 0; j < m; j++) {
                int r = start + j;
                keyFrom[2 * j] = ml.leftStart(r);
                keyTo[2 * j] = ml.rightStart(r);
                keyFrom[2 * j + 1] = ml.rightStart(r);
                keyTo[2 * j + 1] = ml.rightEnd(r);
            }
            vocab.getAll(pool, keyFrom, keyTo, 2 * m, ids, work, work2);
            for (int j = 0; j < m; j++) {
                int r = start + j;
                int a = ids[2 * j];
                int b = ids[2 * j + 1];
                int ls = keyFrom[2 * j];
                int rs = keyFrom[2 * j + 1];
                int re = keyTo[2 * j + 1];
                if (a < 0 || b < 0 || re - rs < prefixLen) {
                    return r;
                }
                int id = vocab.isConcat(last, pool, ls, rs, rs + prefixLen, re) ? last
                        : vocab.isConcat(last + 1, pool, ls, rs, rs + prefixLen, re) ? last + 1
                        : vocab.getConcat(pool, ls, rs, rs + prefixLen, re);
                if (id < 0) {
                    return r;
                }
                last = id;
                rankNewId[r] = id;
                lefts[r] = a;
                rights[r] = b;
            }
        }
        return -1;
    }

    private TokenizerException badMerge(MergeList ml, int prefixLen, int r) {
        String left = ml.left(r);
        String right = ml.right(r);
        if (vocab.get(left) < 0 || vocab.get(right) < 0) {
            return missing(r, vocab.get(left) < 0 ? left : right);
        }
        if (right.length() < prefixLen) {
            return shorterThanPrefix(r, right);
        }
        return missingMerged(r, left + right.substring(prefixLen));
    }

    private static TokenizerException missing(int r, String token) {
        return new TokenizerException("model.merges[" + r + "]: token '" + token + "' is not in model.vocab");
    }

    private static TokenizerException shorterThanPrefix(int r, String right) {
        return new TokenizerException("model.merges[" + r + "]: '" + right
                + "' is shorter than continuing_subword_prefix");
    }

    private static TokenizerException missingMerged(int r, String merged) {
        return new TokenizerException("model.merges[" + r + "]: merged token '" + merged
                + "' is not in model.vocab");
    }

    public Vocab vocab() {
        return vocab;
    }

    public List<String[]> merges() {
        return merges;
    }

    @Override
    public void tokenize(String word, TokenSink sink) {
        if (word.isEmpty()) {
            return;
        }
        if (ignoreMerges) {
            int id = vocab.get(word);
            if (id >= 0) {
                sink.accept(id, vocab.token(id), 0, word.length());
                return;
            }
        }
        int[] res = cache.get(word);
        if (res == null) {
            Scratch sc = SCRATCH.get();
            int count = mergeWord(word, sc);
            if (word.length() < CACHE_MAX_WORD) {
                res = new int[count * 3];
                for (int k = 0; k < count; k++) {
                    res[3 * k] = sc.ids[k];
                    res[3 * k + 1] = sc.st[k];
                    res[3 * k + 2] = sc.en[k];
                }
                cache.put(word, res);
            } else {
                int[] ids = sc.ids;
                int[] st = sc.st;
                int[] en = sc.en;
                for (int k = 0; k < count; k++) {
                    sink.accept(ids[k], vocab.token(ids[k]), st[k], en[k]);
                }
                return;
            }
        }
        for (int i = 0; i < res.length; i += 3) {
            sink.accept(res[i], vocab.token(res[i]), res[i + 1], res[i + 2]);
        }
    }

    /** Per-thread working arrays of the merge (words are merged one at a time on each thread). */
    private static final class Scratch {
        int[] ids = new int[64];
        int[] st = new int[64];
        int[] en = new int[64];
        int[] ranks = new int[64];

        void ensure(int n) {
            if (ids.length < n) {
                int c = Math.max(n, ids.length * 2);
                ids = Arrays.copyOf(ids, c);
                st = Arrays.copyOf(st, c);
                en = Arrays.copyOf(en, c);
            }
            if (ranks.length < n) {
                ranks = new int[Math.max(n, ranks.length * 2)];
            }
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private int charId(String w, int i, int u, boolean first, boolean last) {
        boolean plain = (first || prefix == null) && (!last || suffix == null);
        if (plain) {
            if (u == 1) {
                char c = w.charAt(i);
                int v = singleChar[c];
                if (v == -2) {
                    v = vocab.get(w, i, i + 1);
                    singleChar[c] = v;
                }
                return v;
            }
            return vocab.get(w, i, i + u);
        }
        StringBuilder sb = new StringBuilder();
        if (!first && prefix != null) {
            sb.append(prefix);
        }
        sb.append(w, i, i + u);
        if (last && suffix != null) {
            sb.append(suffix);
        }
        return vocab.get(sb.toString());
    }

    private String piece(String w, int i, int u, boolean first, boolean last) {
        StringBuilder sb = new StringBuilder();
        if (!first && prefix != null) {
            sb.append(prefix);
        }
        sb.append(w, i, i + u);
        if (last && suffix != null) {
            sb.append(suffix);
        }
        return sb.toString();
    }

    /** Merges {@code w} into {@code sc.ids/st/en} (id, start, end per symbol); returns the symbol count. */
    private int mergeWord(String w, Scratch sc) {
        int n = w.length();
        sc.ensure(n + 4);
        int[] ids = sc.ids;
        int[] st = sc.st;
        int[] en = sc.en;
        int count = 0;
        int unkId = -1;
        int unkStart = 0;
        int unkEnd = 0;
        boolean dropped = false;
        for (int i = 0; i < n; ) {
            int cp = w.codePointAt(i);
            int u = Character.charCount(cp);
            boolean first = i == 0;
            boolean last = i + u >= n;
            int id = charId(w, i, u, first, last);
            if (id >= 0) {
                if (unkId >= 0) {
                    if (count + 1 > ids.length) {
                        ids = Arrays.copyOf(ids, count * 2 + 2);
                        st = Arrays.copyOf(st, ids.length);
                        en = Arrays.copyOf(en, ids.length);
                    }
                    ids[count] = unkId;
                    st[count] = unkStart;
                    en[count++] = unkEnd;
                    unkId = -1;
                }
                if (count + 1 > ids.length) {
                    ids = Arrays.copyOf(ids, count * 2 + 2);
                    st = Arrays.copyOf(st, ids.length);
                    en = Arrays.copyOf(en, ids.length);
                }
                ids[count] = id;
                st[count] = i;
                en[count++] = i + u;
            } else {
                boolean handled = false;
                if (byteFallback) {
                    byte[] bytes = piece(w, i, u, first, last).getBytes(StandardCharsets.UTF_8);
                    boolean all = true;
                    for (byte b : bytes) {
                        if (byteIds[b & 0xFF] < 0) {
                            all = false;
                            break;
                        }
                    }
                    if (all) {
                        if (count + bytes.length > ids.length) {
                            ids = Arrays.copyOf(ids, count * 2 + bytes.length);
                            st = Arrays.copyOf(st, ids.length);
                            en = Arrays.copyOf(en, ids.length);
                        }
                        for (byte b : bytes) {
                            ids[count] = byteIds[b & 0xFF];
                            st[count] = i;
                            en[count++] = i + u;
                        }
                        handled = true;
                    }
                }
                if (!handled && unkToken != null) {
                    int uid = vocab.get(unkToken);
                    if (uid < 0) {
                        throw new TokenizerException("BPE: unk_token '" + unkToken + "' is not in model.vocab");
                    }
                    if (unkId >= 0 && fuseUnk) {
                        unkEnd = i + u;
                    } else {
                        if (unkId >= 0) {
                            if (count + 1 > ids.length) {
                                ids = Arrays.copyOf(ids, count * 2 + 2);
                                st = Arrays.copyOf(st, ids.length);
                                en = Arrays.copyOf(en, ids.length);
                            }
                            ids[count] = unkId;
                            st[count] = unkStart;
                            en[count++] = unkEnd;
                        }
                        unkId = uid;
                        unkStart = i;
                        unkEnd = i + u;
                    }
                } else if (!handled) {
                    dropped = true;
                }
            }
            i += u;
        }
        if (unkId >= 0) {
            if (count + 1 > ids.length) {
                ids = Arrays.copyOf(ids, count + 1);
                st = Arrays.copyOf(st, ids.length);
                en = Arrays.copyOf(en, ids.length);
            }
            ids[count] = unkId;
            st[count] = unkStart;
            en[count++] = unkEnd;
        }
        if (ids != sc.ids) { // grown by byte fallback
            sc.ids = ids;
            sc.st = st;
            sc.en = en;
        }
        sc.ensure(count);
        if (dropped) {
            shiftAfterDropped(w, st, en, count);
        }
        return mergeAll(ids, st, en, count, sc);
    }

    /**
     * The Rust library's offsets when a character had no token (no unk_token, no byte-fallback token): it
     * gives each symbol its UTF-8 length and lays symbols end to end, so the dropped character's bytes shift
     * every later symbol left; a shifted byte offset then stands for the character holding that byte.
     * Byte-fallback symbols are one byte each (several symbols of one character), the others span their
     * characters.
     */
    private static void shiftAfterDropped(String w, int[] st, int[] en, int count) {
        int[] byteAt = new int[w.length() + 1]; // UTF-8 offset of each char index
        for (int i = 0; i < w.length(); ) {
            int cp = w.codePointAt(i);
            int u = Character.charCount(cp);
            int b = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            for (int k = 1; k <= u; k++) {
                byteAt[i + k] = byteAt[i] + b;
            }
            i += u;
        }
        int[] charOfByte = new int[byteAt[w.length()] + 1]; // char index of the character holding each byte
        for (int i = 0; i < w.length(); ) {
            int next = i + Character.charCount(w.codePointAt(i));
            Arrays.fill(charOfByte, byteAt[i], byteAt[next], i);
            i = next;
        }
        int pos = 0;
        for (int k = 0; k < count; ) {
            int group = 1;
            while (k + group < count && st[k + group] == st[k] && en[k + group] == en[k]) {
                group++;
            }
            int span = byteAt[en[k]] - byteAt[st[k]];
            int len = group > 1 ? 1 : span;
            for (int g = 0; g < group; g++, k++) {
                int from = pos;
                pos += len;
                st[k] = charOfByte[from];
                int last = charOfByte[pos - 1];
                en[k] = w.offsetByCodePoints(last, 1);
            }
        }
    }

    /** Words with at most this many symbols use the quadratic scan (no heap; faster for short words). */
    private static final int SHORT_WORD = 48;

    /** Merges in place (lowest rank first, leftmost on ties, as Rust's heap); returns the new symbol count. */
    private int mergeAll(int[] ids, int[] st, int[] en, int count, Scratch sc) {
        if (count < 2 || pairToRank.size() == 0) {
            return count;
        }
        if (count > SHORT_WORD) {
            return mergeAllHeap(ids, st, en, count, sc);
        }
        int[] rk = sc.ranks;
        int last = count - 1;
        int min = Integer.MAX_VALUE;
        int at = -1;
        for (int k = 0; k < last; k++) {
            int r = pairToRank.get(ids[k], ids[k + 1]);
            r = r < 0 ? Integer.MAX_VALUE : r;
            rk[k] = r;
            if (r < min) {
                min = r;
                at = k;
            }
        }
        while (at >= 0) {
            ids[at] = rankNewId[min];
            en[at] = en[at + 1];
            int tail = count - at - 2;
            if (tail > 0) {
                System.arraycopy(ids, at + 2, ids, at + 1, tail);
                System.arraycopy(st, at + 2, st, at + 1, tail);
                System.arraycopy(en, at + 2, en, at + 1, tail);
                System.arraycopy(rk, at + 2, rk, at + 1, tail - 1);
            }
            count--;
            last = count - 1;
            if (at > 0) {
                int r = pairToRank.get(ids[at - 1], ids[at]);
                rk[at - 1] = r < 0 ? Integer.MAX_VALUE : r;
            }
            if (at < last) {
                int r = pairToRank.get(ids[at], ids[at + 1]);
                rk[at] = r < 0 ? Integer.MAX_VALUE : r;
            }
            min = Integer.MAX_VALUE;
            at = -1;
            for (int k = 0; k < last; k++) {
                if (rk[k] < min) {
                    min = rk[k];
                    at = k;
                }
            }
        }
        return count;
    }

    /** The same merge order with a linked list and a (rank, position) min-heap, for long words. */
    private int mergeAllHeap(int[] ids, int[] st, int[] en, int count, Scratch sc) {
        int[] prev = new int[count];
        int[] next = new int[count];
        boolean[] dead = new boolean[count];
        for (int k = 0; k < count; k++) {
            prev[k] = k - 1;
            next[k] = k + 1 < count ? k + 1 : -1;
        }
        // Min-heap of (rank << 32 | pos).
        long[] heap = new long[count * 2];
        int hs = 0;
        for (int k = 0; k + 1 < count; k++) {
            int r = pairToRank.get(ids[k], ids[k + 1]);
            if (r >= 0) {
                if (hs == heap.length) {
                    heap = Arrays.copyOf(heap, hs * 2);
                }
                hs = LongMinHeap.push(heap, hs, ((long) r << 32) | k);
            }
        }
        while (hs > 0) {
            long top = heap[0];
            hs = LongMinHeap.pop(heap, hs);
            int rank = (int) (top >>> 32);
            int pos = (int) top;
            if (dead[pos] || next[pos] < 0) {
                continue;
            }
            int right = next[pos];
            int cur = pairToRank.get(ids[pos], ids[right]);
            if (cur < 0 || rankNewId[cur] != rankNewId[rank]) {
                continue;
            }
            ids[pos] = rankNewId[rank];
            en[pos] = en[right];
            dead[right] = true;
            int rn = next[right];
            next[pos] = rn;
            if (rn >= 0) {
                prev[rn] = pos;
            }
            int p = prev[pos];
            if (p >= 0) {
                int r = pairToRank.get(ids[p], ids[pos]);
                if (r >= 0) {
                    if (hs == heap.length) {
                        heap = Arrays.copyOf(heap, hs * 2);
                    }
                    hs = LongMinHeap.push(heap, hs, ((long) r << 32) | p);
                }
            }
            if (rn >= 0) {
                int r = pairToRank.get(ids[pos], ids[rn]);
                if (r >= 0) {
                    if (hs == heap.length) {
                        heap = Arrays.copyOf(heap, hs * 2);
                    }
                    hs = LongMinHeap.push(heap, hs, ((long) r << 32) | pos);
                }
            }
        }
        int w = 0;
        for (int k = 0; k < count; k++) {
            if (!dead[k]) {
                ids[w] = ids[k];
                st[w] = st[k];
                en[w] = en[k];
                w++;
            }
        }
        return w;
    }



    @Override
    public int tokenToId(String token) {
        return vocab.get(token);
    }

    @Override
    public String idToToken(int id) {
        return vocab.token(id);
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }
}
