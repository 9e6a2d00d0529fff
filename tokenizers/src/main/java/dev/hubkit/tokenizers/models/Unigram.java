package dev.hubkit.tokenizers.models;

import dev.hubkit.tokenizers.TokenizerException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SentencePiece unigram model: best segmentation by Viterbi over piece log-probabilities. */
public final class Unigram implements Model {
    private static final double UNK_PENALTY = 10.0;

    private final String[] pieces;
    private final double[] scores;
    private final Integer unkId;
    private final boolean byteFallback;
    private final Vocab vocab;
    private final double minScore;
    /** Trie over UTF-16 chars: transitions (node << 16 | char) -> child node. */
    private final LongIntMap trie;
    private final int[] terminal;
    private final int[] byteIds = new int[256];

    public Unigram(List<String> pieces, List<Double> scores, Integer unkId, boolean byteFallback) {
        int n = pieces.size();
        this.pieces = pieces.toArray(new String[0]);
        this.scores = new double[n];
        Map<String, Integer> map = new LinkedHashMap<>();
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            this.scores[i] = scores.get(i);
            map.put(this.pieces[i], i);
            min = Math.min(min, this.scores[i]);
        }
        this.minScore = n == 0 ? 0 : min;
        if (unkId != null && (unkId < 0 || unkId >= n)) {
            throw new TokenizerException("model.unk_id " + unkId + " is outside the vocabulary (size " + n + ")");
        }
        this.unkId = unkId;
        this.byteFallback = byteFallback;
        this.vocab = new Vocab(map);
        LongIntMap t = new LongIntMap(n * 4);
        IntList term = new IntList();
        term.add(-1);
        int nodes = 1;
        for (int i = 0; i < n; i++) {
            String p = this.pieces[i];
            if (p.isEmpty()) {
                continue;
            }
            int node = 0;
            for (int k = 0; k < p.length(); k++) {
                long key = ((long) node << 16) | p.charAt(k);
                int child = t.get(key);
                if (child < 0) {
                    child = nodes++;
                    t.put(key, child);
                    term.add(-1);
                }
                node = child;
            }
            if (term.get(node) < 0) {
                term.set(node, map.get(p));
            }
        }
        this.trie = t;
        this.terminal = term.toArray();
        Arrays.fill(byteIds, -1);
        for (int b = 0; b < 256; b++) {
            byteIds[b] = vocab.get(String.format("<0x%02X>", b));
        }
    }

    public List<String> pieces() {
        return List.of(pieces);
    }

    public double score(int id) {
        return scores[id];
    }

    public Integer unkId() {
        return unkId;
    }

    public boolean byteFallback() {
        return byteFallback;
    }

    private int unk() {
        if (unkId == null) {
            throw new TokenizerException("Unigram: a character is not covered by the vocabulary and model.unk_id "
                    + "is not set; set unk_id in tokenizer.json");
        }
        return unkId;
    }

    /** Per-thread lattice arrays, grown to the longest word seen (words are tokenized one at a time). */
    private static final class Lattice {
        double[] best = new double[0];
        int[] from = new int[0];
        int[] idAt = new int[0];
        int[] spans = new int[0];

        Lattice ensure(int size) {
            if (from.length < size) {
                int c = Math.max(size, from.length * 2);
                best = new double[c];
                from = new int[c];
                idAt = new int[c];
                spans = new int[2 * c];
            }
            return this;
        }
    }

    private static final ThreadLocal<Lattice> LATTICE = ThreadLocal.withInitial(Lattice::new);

    @Override
    public void tokenize(String s, TokenSink sink) {
        int n = s.length();
        if (n == 0) {
            return;
        }
        Lattice lat = LATTICE.get().ensure(n + 1);
        double[] best = lat.best;
        int[] from = lat.from;
        int[] idAt = lat.idAt;
        Arrays.fill(best, 0, n + 1, 0.0);
        Arrays.fill(from, 0, n + 1, -1);
        int start = 0;
        while (start < n) {
            double base = best[start];
            boolean single = false;
            int mblen = Character.charCount(s.codePointAt(start));
            int node = 0;
            for (int k = start; k < n; k++) {
                node = trie.get(((long) node << 16) | s.charAt(k));
                if (node < 0) {
                    break;
                }
                int id = terminal[node];
                if (id >= 0) {
                    int end = k + 1;
                    // only on code point boundaries
                    if (end < n && Character.isLowSurrogate(s.charAt(end)) && Character.isHighSurrogate(s.charAt(k))) {
                        continue;
                    }
                    double cand = scores[id] + base;
                    if (from[end] < 0 || cand > best[end]) {
                        best[end] = cand;
                        from[end] = start;
                        idAt[end] = id;
                    }
                    if (end - start == mblen) {
                        single = true;
                    }
                }
            }
            if (!single) {
                int end = start + mblen;
                double cand = minScore - UNK_PENALTY + base;
                if (from[end] < 0 || cand > best[end]) {
                    best[end] = cand;
                    from[end] = start;
                    idAt[end] = unk();
                }
            }
            start += mblen;
        }
        // Backtrack into (start, end) spans from the last, fusing consecutive unknowns.
        int[] spans = lat.spans;
        int k = 0;
        int end = n;
        int fusedEnd = -1;
        while (end > 0) {
            int st = from[end];
            int id = idAt[end];
            if (unkId != null && id == unkId) {
                if (fusedEnd < 0) {
                    fusedEnd = end;
                }
            } else {
                if (fusedEnd >= 0) {
                    spans[k++] = end;
                    spans[k++] = fusedEnd;
                    fusedEnd = -1;
                }
                spans[k++] = st;
                spans[k++] = end;
            }
            end = st;
        }
        if (fusedEnd >= 0) {
            spans[k++] = 0;
            spans[k++] = fusedEnd;
        }
        while (k > 0) {
            int b = spans[--k];
            int a = spans[--k];
            // The token's id is its string's id in the vocabulary (as the Rust library looks it up).
            int id = vocab.get(s, a, b);
            if (id < 0) {
                if (byteFallback && emitBytes(s, a, b, sink)) {
                    continue;
                }
                sink.accept(unk(), s.substring(a, b), a, b);
            } else {
                sink.accept(id, vocab.token(id), a, b);
            }
        }
    }

    /** Emits the byte pieces of {@code s[a, b)}, or returns false when some byte has no piece. */
    private boolean emitBytes(String s, int a, int b, TokenSink sink) {
        byte[] bytes = s.substring(a, b).getBytes(StandardCharsets.UTF_8);
        for (byte x : bytes) {
            if (byteIds[x & 0xFF] < 0) {
                return false;
            }
        }
        for (byte x : bytes) {
            int bid = byteIds[x & 0xFF];
            sink.accept(bid, vocab.token(bid), a, b);
        }
        return true;
    }

    @Override
    public int tokenToId(String token) {
        return vocab.get(token);
    }

    @Override
    public String idToToken(int id) {
        return id >= 0 && id < pieces.length ? pieces[id] : null;
    }

    @Override
    public int vocabSize() {
        return pieces.length;
    }

    /** Minimal growable int list. */
    private static final class IntList {
        private int[] a = new int[64];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int get(int i) {
            return a[i];
        }

        void set(int i, int v) {
            a[i] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
