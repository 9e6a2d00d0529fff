package dev.hubkit.tokenizers.sentencepiece;

import java.util.Arrays;

/**
 * Unigram Viterbi exactly as sentencepiece's unigram_model.cc (EncodeOptimized): user-defined
 * symbols score {@code length * maxScore - 0.1}, characters without any piece become unk scored
 * {@code minScore - 10}, ties keep the earliest start.
 */
final class UnigramSegmenter implements Segmenter {
    private static final float UNK_PENALTY = 10.0f;

    private final Vocab vocab;
    private final ByteTrie trie;
    private final float minScore;
    private final float maxScore;

    UnigramSegmenter(Vocab vocab) {
        this.vocab = vocab;
        ByteTrie.Builder b = new ByteTrie.Builder();
        float min = Float.MAX_VALUE;
        float max = Float.MIN_VALUE; // as in sentencepiece: FLT_MIN, the smallest positive float
        for (int i = 0; i < vocab.size(); i++) {
            PieceType t = vocab.types[i];
            if (t == PieceType.NORMAL || t == PieceType.USER_DEFINED || t == PieceType.UNUSED) {
                b.add(vocab.pieceBytes[i], i);
            }
            if (t == PieceType.NORMAL) {
                min = Math.min(min, vocab.scores[i]);
                max = Math.max(max, vocab.scores[i]);
            }
        }
        this.trie = b.build();
        this.minScore = min;
        this.maxScore = max;
    }

    @Override
    public void segment(byte[] s, Segments out) {
        int n = s.length;
        if (n == 0) {
            return;
        }
        float unkScore = minScore - UNK_PENALTY;
        Lattice lattice = LATTICE.get().ensure(n + 1);
        float[] best = lattice.best;
        int[] startsAt = lattice.startsAt;
        int[] ids = lattice.ids;
        Arrays.fill(best, 0, n + 1, 0f);
        Arrays.fill(startsAt, 0, n + 1, -1);
        PieceType[] types = vocab.types;
        float[] scores = vocab.scores;
        int pos = 0;
        while (pos < n) {
            float till = best[pos];
            boolean hasSingleNode = false;
            int mblen = Math.min(Utf8.oneCharLen(s[pos]), n - pos);
            int node = ByteTrie.root();
            for (int k = pos; k < n; k++) {
                node = trie.next(node, s[k]);
                if (node == ByteTrie.DEAD) {
                    break;
                }
                int id = trie.value(node);
                if (id == ByteTrie.NO_VALUE || types[id] == PieceType.UNUSED) {
                    continue;
                }
                int length = k + 1 - pos;
                // The C++ ternary mixes double and float: the score is a double, but the released
                // library compares path scores as floats (e.g. "1,000" is ",", "0", "00", not ",", "00", "0").
                double score = types[id] == PieceType.USER_DEFINED
                        ? (double) ((float) length * maxScore) - 0.1
                        : (double) scores[id];
                float candidate = (float) (score + (double) till);
                int end = k + 1;
                if (startsAt[end] == -1 || candidate > best[end]) {
                    best[end] = candidate;
                    startsAt[end] = pos;
                    ids[end] = id;
                }
                if (!hasSingleNode && length == mblen) {
                    hasSingleNode = true;
                }
            }
            if (!hasSingleNode) {
                int end = pos + mblen;
                float candidate = unkScore + till;
                if (startsAt[end] == -1 || candidate > best[end]) {
                    best[end] = candidate;
                    startsAt[end] = pos;
                    ids[end] = vocab.unkId;
                }
            }
            pos += mblen;
        }
        // Backtrack: the path's end positions, then emit them in order.
        int[] ends = lattice.path;
        int k = 0;
        for (int end = n; end > 0; end = startsAt[end]) {
            ends[k++] = end;
        }
        while (k > 0) {
            int end = ends[--k];
            out.add(startsAt[end], end, ids[end]);
        }
    }

    /** Per-thread lattice arrays, grown to the longest input seen (texts are segmented one at a time). */
    private static final class Lattice {
        float[] best = new float[0];
        int[] startsAt = new int[0];
        int[] ids = new int[0];
        int[] path = new int[0];

        Lattice ensure(int size) {
            if (best.length < size) {
                int c = Math.max(size, Math.min(best.length * 2, Integer.MAX_VALUE - 16));
                best = new float[c];
                startsAt = new int[c];
                ids = new int[c];
                path = new int[c];
            }
            return this;
        }
    }

    private static final ThreadLocal<Lattice> LATTICE = ThreadLocal.withInitial(Lattice::new);
}
