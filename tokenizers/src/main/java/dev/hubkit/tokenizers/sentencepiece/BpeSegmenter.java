package dev.hubkit.tokenizers.sentencepiece;

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
        long[] heap = new long[64];

        Work ensure(int n) {
            if (start.length < n) {
                int c = Math.max(n, start.length * 2);
                start = new int[c];
                len = new int[c];
                prev = new int[c];
                next = new int[c];
                freeze = new boolean[c];
            }
            return this;
        }
    }

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
        int count = 0;
        int pos = 0;
        while (pos < n) {
            boolean frozen = vocab.isUserSymbolAt(s, pos, n);
            int mblen = vocab.prefixMatch(s, pos, n);
            start[count] = pos;
            len[count] = mblen;
            freeze[count] = frozen;
            prev[count] = count - 1;
            pos += mblen;
            next[count] = pos >= n ? -1 : count + 1;
            count++;
        }
        Map<String, Integer> revMerge = null; // merged UNUSED piece -> length of its left part
        long[] heap = w.heap;
        int hs = 0;
        for (int i = 1; i < count; i++) {
            int id = pairId(s, i - 1, i, start, len, freeze);
            if (id >= 0) {
                if (hs == heap.length) {
                    heap = w.heap = Arrays.copyOf(heap, hs * 2);
                }
                hs = push(heap, hs, key(vocab.scores[id], i - 1));
                revMerge = noteUnused(s, id, start[i - 1], len[i - 1], len[i - 1] + len[i], revMerge);
            }
        }
        while (hs > 0) {
            long top = heap[0];
            hs = pop(heap, hs);
            int l = (int) top;
            int r = next[l];
            if (len[l] == 0 || r < 0) {
                continue;
            }
            int id = pairId(s, l, r, start, len, freeze);
            if (id < 0 || key(vocab.scores[id], l) != top) {
                continue; // stale: the pair at l changed since this entry was pushed
            }
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
                int nid = pairId(s, a, b, start, len, freeze);
                if (nid >= 0) {
                    if (hs + 1 > heap.length) {
                        heap = w.heap = Arrays.copyOf(heap, heap.length * 2);
                    }
                    hs = push(heap, hs, key(vocab.scores[nid], a));
                    revMerge = noteUnused(s, nid, start[a], len[a], len[a] + len[b], revMerge);
                }
            }
        }
        for (int i = 0; i != -1; i = next[i]) {
            resegment(s, start[i], start[i] + len[i], revMerge, out);
        }
    }

    /** Heap key: higher score first, then leftmost (min-heap order). */
    private static long key(float score, int left) {
        return ((long) ~sortable(score) << 32) | left;
    }

    /** Id of the normal piece made of symbols {@code left} and {@code right}, or -1 (also when frozen). */
    private int pairId(byte[] s, int left, int right, int[] start, int[] len, boolean[] freeze) {
        if (freeze[left] || freeze[right]) {
            return -1;
        }
        int from = start[left];
        return normal.get(s, from, from + len[left] + len[right]);
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

    private void resegment(byte[] s, int begin, int end, Map<String, Integer> revMerge, Segments out) {
        int id = normal.get(s, begin, end);
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
        resegment(s, begin, begin + leftLen, revMerge, out);
        resegment(s, begin + leftLen, end, revMerge, out);
    }

    private static int push(long[] h, int n, long v) {
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

    private static int pop(long[] h, int n) {
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
