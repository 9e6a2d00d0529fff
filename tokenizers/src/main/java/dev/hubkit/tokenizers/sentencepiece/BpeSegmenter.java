package dev.hubkit.tokenizers.sentencepiece;

import dev.hubkit.tokenizers.text.LongMinHeap;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * BPE exactly as sentencepiece's bpe_model.cc: start from characters (user-defined symbols frozen),
 * repeatedly merge the adjacent pair whose merged piece has the highest score (ties: leftmost),
 * then split UNUSED pieces back into the pieces they were merged from.
 *
 * <p>Pieces are looked up on the bytes in a double-array trie (no strings), and candidate pairs live in a
 * primitive heap keyed by (score, left position). A heap entry whose pair has since changed is recognised
 * by comparing its score with the current pair's: an entry with the same score and left position as the
 * current pair has the same key as the current pair's own entry, so merging it is what sentencepiece does.
 * The key of each symbol's current pair is kept per symbol (updated whenever the pair changes), so checking
 * a popped entry needs no trie lookup; so is the trie node each symbol's bytes lead to, so a pair lookup
 * only walks the right symbol's bytes.
 */
final class BpeSegmenter implements Segmenter {
    private final Vocab vocab;
    /** NORMAL, USER_DEFINED and UNUSED pieces (sentencepiece's "pieces_" map), by bytes. */
    private final ByteTrie normal;
    /** Normal pieces whose string is also a reserved piece (PieceToId finds the reserved one first). */
    private final boolean[] shadowed;

    BpeSegmenter(Vocab vocab) {
        this.vocab = vocab;
        ByteTrie.Builder b = new ByteTrie.Builder();
        this.shadowed = new boolean[vocab.size()];
        for (int i = 0; i < vocab.size(); i++) {
            PieceType t = vocab.types[i];
            if (t == PieceType.NORMAL || t == PieceType.USER_DEFINED || t == PieceType.UNUSED) {
                b.add(vocab.pieceBytes[i], i);
                shadowed[i] = vocab.pieceToId(vocab.pieces[i]) != i;
            }
        }
        this.normal = b.build();
    }

    /** Per-thread working arrays (one text at a time per thread). */
    private static final class Work {
        int[] start = new int[0];
        int[] len = new int[0];
        int[] prev = new int[0];
        int[] next = new int[0];
        boolean[] freeze = new boolean[0];
        /** Heap key of the current pair (symbol, next symbol), or NO_PAIR. */
        long[] pairKey = new long[0];
        /** Trie node reached by the symbol's bytes, or ByteTrie.DEAD. */
        int[] node = new int[0];
        /** Trie node reached by the bytes of the current pair (valid while pairKey is not NO_PAIR). */
        int[] pairNode = new int[0];
        long[] heap = new long[64];

        Work ensure(int n) {
            if (start.length < n) {
                int c = Math.max(n, start.length * 2);
                start = new int[c];
                len = new int[c];
                prev = new int[c];
                next = new int[c];
                freeze = new boolean[c];
                pairKey = new long[c];
                node = new int[c];
                pairNode = new int[c];
            }
            return this;
        }
    }

    /** No mergeable pair (no real key has this value: it would need a NaN score and left position -1). */
    private static final long NO_PAIR = Long.MAX_VALUE;

    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

    /** Float order as a signed int (higher score, higher key). */
    private static int sortable(float f) {
        int bits = Float.floatToIntBits(f);
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }

    @Override
    public void segment(byte[] s, Segments out) {
        int n = s.length;
        if (n == 0) {
            return;
        }
        Work w = WORK.get().ensure(n);
        int[] start = w.start;
        int[] len = w.len;
        int[] prev = w.prev;
        int[] next = w.next;
        boolean[] freeze = w.freeze;
        long[] pairKey = w.pairKey;
        int[] node = w.node;
        int[] pairNode = w.pairNode;
        int count = 0;
        int pos = 0;
        while (pos < n) {
            boolean frozen = vocab.isUserSymbolAt(s, pos, n);
            int mblen = vocab.prefixMatch(s, pos, n);
            start[count] = pos;
            len[count] = mblen;
            freeze[count] = frozen;
            pairKey[count] = NO_PAIR;
            node[count] = frozen ? ByteTrie.DEAD : walk(ByteTrie.root(), s, pos, pos + mblen);
            prev[count] = count - 1;
            pos += mblen;
            next[count] = pos >= n ? -1 : count + 1;
            count++;
        }
        Map<String, Integer> revMerge = null; // merged UNUSED piece -> length of its left part
        long[] heap = w.heap;
        int hs = 0;
        for (int i = 1; i < count; i++) {
            int pn = pairNode(s, i - 1, i, start, len, freeze, node);
            int id = pn == ByteTrie.DEAD ? -1 : normal.value(pn);
            if (id >= 0) {
                pairNode[i - 1] = pn;
                if (hs == heap.length) {
                    heap = w.heap = Arrays.copyOf(heap, hs * 2);
                }
                long k = key(vocab.scores[id], i - 1);
                pairKey[i - 1] = k;
                hs = LongMinHeap.push(heap, hs, k);
                revMerge = noteUnused(s, id, start[i - 1], len[i - 1], len[i - 1] + len[i], revMerge);
            }
        }
        while (hs > 0) {
            long top = heap[0];
            hs = LongMinHeap.pop(heap, hs);
            int l = (int) top;
            if (pairKey[l] != top) {
                continue; // stale: the pair at l changed since this entry was pushed
            }
            int r = next[l];
            pairKey[l] = NO_PAIR;
            pairKey[r] = NO_PAIR;
            node[l] = pairNode[l];
            len[l] += len[r];
            next[l] = next[r];
            if (next[r] >= 0) {
                prev[next[r]] = l;
            }
            len[r] = 0;
            for (int side = 0; side < 2; side++) {
                int a = side == 0 ? prev[l] : l;
                int b = side == 0 ? l : next[l];
                if (a < 0 || b < 0) {
                    continue;
                }
                int pn = pairNode(s, a, b, start, len, freeze, node);
                int nid = pn == ByteTrie.DEAD ? -1 : normal.value(pn);
                pairKey[a] = NO_PAIR;
                if (nid >= 0) {
                    pairNode[a] = pn;
                    if (hs + 1 > heap.length) {
                        heap = w.heap = Arrays.copyOf(heap, heap.length * 2);
                    }
                    long k = key(vocab.scores[nid], a);
                    pairKey[a] = k;
                    hs = LongMinHeap.push(heap, hs, k);
                    revMerge = noteUnused(s, nid, start[a], len[a], len[a] + len[b], revMerge);
                }
            }
        }
        for (int i = 0; i != -1; i = next[i]) {
            int b = start[i];
            int e = b + len[i];
            // a non-frozen symbol's trie node is known; frozen symbols (user-defined pieces) are looked up
            int trieId = freeze[i] ? normal.get(s, b, e) : node[i] == ByteTrie.DEAD ? -1 : normal.value(node[i]);
            resegment(s, b, e, trieId, revMerge, out);
        }
    }

    /** Heap key: higher score first, then leftmost (min-heap order). */
    private static long key(float score, int left) {
        return ((long) ~sortable(score) << 32) | left;
    }

    /**
     * Trie node of the bytes of symbols {@code left} and {@code right} (adjacent), or DEAD (also when one is
     * frozen): the walk continues from the left symbol's node over the right symbol's bytes.
     */
    private int pairNode(byte[] s, int left, int right, int[] start, int[] len, boolean[] freeze, int[] node) {
        if (freeze[left] || freeze[right] || node[left] == ByteTrie.DEAD) {
            return ByteTrie.DEAD;
        }
        int from = start[right];
        return walk(node[left], s, from, from + len[right]);
    }

    /** The node reached from {@code n} over {@code s[from, to)}, or DEAD. */
    private int walk(int n, byte[] s, int from, int to) {
        for (int i = from; i < to && n != ByteTrie.DEAD; i++) {
            n = normal.next(n, s[i]);
        }
        return n;
    }

    /** Records how an UNUSED piece was merged (sentencepiece's rev_merge), overwriting as it does. */
    private Map<String, Integer> noteUnused(byte[] s, int id, int from, int leftLen, int size,
                                            Map<String, Integer> revMerge) {
        if (vocab.types[id] != PieceType.UNUSED) {
            return revMerge;
        }
        Map<String, Integer> m = revMerge == null ? new HashMap<>() : revMerge;
        m.put(new String(s, from, size, StandardCharsets.UTF_8), leftLen);
        return m;
    }

    /** {@code trieId}: the value of {@code s[begin, end)} in the trie of normal pieces (or -1). */
    private void resegment(byte[] s, int begin, int end, int trieId, Map<String, Integer> revMerge, Segments out) {
        int id = trieId;
        if (id < 0 || shadowed[id]) {
            id = vocab.pieceToId(new String(s, begin, end - begin, StandardCharsets.UTF_8));
        }
        if (id == -1 || vocab.types[id] != PieceType.UNUSED || revMerge == null) {
            out.add(begin, end, id);
            return;
        }
        Integer leftLen = revMerge.get(new String(s, begin, end - begin, StandardCharsets.UTF_8));
        if (leftLen == null) {
            out.add(begin, end, id);
            return;
        }
        resegment(s, begin, begin + leftLen, normal.get(s, begin, begin + leftLen), revMerge, out);
        resegment(s, begin + leftLen, end, normal.get(s, begin + leftLen, end), revMerge, out);
    }


}
