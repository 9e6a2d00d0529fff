package dev.hubkit.tokenizers.sentencepiece;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * BPE exactly as sentencepiece's bpe_model.cc: start from characters (user-defined symbols frozen),
 * repeatedly merge the adjacent pair whose merged piece has the highest score (ties: leftmost),
 * then split UNUSED pieces back into the pieces they were merged from.
 */
final class BpeSegmenter implements Segmenter {
    private final Vocab vocab;

    BpeSegmenter(Vocab vocab) {
        this.vocab = vocab;
    }

    private record Pair(int left, int right, float score, int size) {
    }

    private static final java.util.Comparator<Pair> ORDER = (a, b) -> {
        int c = Float.compare(b.score, a.score);
        return c != 0 ? c : Integer.compare(a.left, b.left);
    };

    @Override
    public void segment(byte[] s, Segments out) {
        int n = s.length;
        if (n == 0) {
            return;
        }
        int[] start = new int[n];
        int[] len = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        boolean[] freeze = new boolean[n];
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
        PriorityQueue<Pair> agenda = new PriorityQueue<>(Math.max(1, count), ORDER);
        Map<String, Integer> revMerge = new HashMap<>(); // merged UNUSED piece -> length of its left part
        for (int i = 1; i < count; i++) {
            maybeAdd(s, i - 1, i, start, len, freeze, agenda, revMerge);
        }
        while (!agenda.isEmpty()) {
            Pair top = agenda.poll();
            int l = top.left;
            int r = top.right;
            if (len[l] == 0 || len[r] == 0 || len[l] + len[r] != top.size) {
                continue;
            }
            len[l] += len[r];
            next[l] = next[r];
            if (next[r] >= 0) {
                prev[next[r]] = l;
            }
            len[r] = 0;
            if (prev[l] >= 0) {
                maybeAdd(s, prev[l], l, start, len, freeze, agenda, revMerge);
            }
            if (next[l] >= 0) {
                maybeAdd(s, l, next[l], start, len, freeze, agenda, revMerge);
            }
        }
        for (int i = 0; i != -1; i = next[i]) {
            resegment(s, start[i], start[i] + len[i], revMerge, out);
        }
    }

    private void maybeAdd(byte[] s, int left, int right, int[] start, int[] len, boolean[] freeze,
                          PriorityQueue<Pair> agenda, Map<String, Integer> revMerge) {
        if (freeze[left] || freeze[right]) {
            return;
        }
        int size = len[left] + len[right];
        String piece = new String(s, start[left], size, StandardCharsets.UTF_8);
        int id = vocab.normalPieceId(piece);
        if (id < 0) {
            return;
        }
        agenda.add(new Pair(left, right, vocab.scores[id], size));
        if (vocab.types[id] == PieceType.UNUSED) {
            revMerge.put(piece, len[left]);
        }
    }

    private void resegment(byte[] s, int begin, int end, Map<String, Integer> revMerge, Segments out) {
        String w = new String(s, begin, end - begin, StandardCharsets.UTF_8);
        int id = vocab.pieceToId(w);
        if (id == -1 || vocab.types[id] != PieceType.UNUSED) {
            out.add(begin, end, id);
            return;
        }
        Integer leftLen = revMerge.get(w);
        if (leftLen == null) {
            out.add(begin, end, id);
            return;
        }
        resegment(s, begin, begin + leftLen, revMerge, out);
        resegment(s, begin + leftLen, end, revMerge, out);
    }
}
