package dev.hubkit.tokenizers.models;

import dev.hubkit.tokenizers.TokenizerException;
import dev.hubkit.tokenizers.sentencepiece.ByteTrie;
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
    /**
     * Double-array trie over the pieces' UTF-8 (a lone surrogate as its 3-byte form, so every UTF-16 string has
     * one key); a node's value is the piece's id.
     */
    private final ByteTrie trie;
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
        ByteTrie.Builder t = new ByteTrie.Builder();
        byte[] key = new byte[64];
        for (int i = 0; i < n; i++) {
            String p = this.pieces[i];
            if (p.isEmpty()) {
                continue;
            }
            if (key.length < p.length() * 3) {
                key = new byte[p.length() * 3];
            }
            int len = 0;
            for (int k = 0; k < p.length(); ) {
                int cp = codePointAt(p, k, p.length());
                len = encode(cp, key, len);
                k += Character.charCount(cp);
            }
            t.add(Arrays.copyOf(key, len), map.get(p));
        }
        this.trie = t.build();
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
                spans = new int[3 * c];
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
        // best[k] is only read once from[k] is set (every char boundary is reached, by a piece or by unk)
        best[0] = 0.0;
        Arrays.fill(from, 0, n + 1, -1);
        int unk = unkId == null ? -1 : unkId;
        int start = 0;
        while (start < n) {
            double base = best[start];
            boolean single = false;
            int mblen = Character.charCount(codePointAt(s, start, n));
            int node = ByteTrie.root();
            for (int k = start; k < n; ) {
                char c = s.charAt(k);
                if (c < 0x80) {
                    node = trie.step(node, c);
                    k++;
                } else {
                    int cp = codePointAt(s, k, n);
                    node = stepCodePoint(node, cp);
                    k += Character.charCount(cp);
                }
                if (node == ByteTrie.DEAD) {
                    break;
                }
                int id = trie.value(node);
                if (id >= 0) {
                    double cand = scores[id] + base;
                    if (from[k] < 0 || cand > best[k]) {
                        best[k] = cand;
                        from[k] = start;
                        idAt[k] = id;
                    }
                    if (k - start == mblen) {
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
            if (id == unk) {
                if (fusedEnd < 0) {
                    fusedEnd = end;
                }
            } else {
                if (fusedEnd >= 0) {
                    spans[k++] = end;
                    spans[k++] = fusedEnd;
                    spans[k++] = -1;
                    fusedEnd = -1;
                }
                spans[k++] = st;
                spans[k++] = end;
                spans[k++] = id;
            }
            end = st;
        }
        if (fusedEnd >= 0) {
            spans[k++] = 0;
            spans[k++] = fusedEnd;
            spans[k++] = -1;
        }
        while (k > 0) {
            int known = spans[--k];
            int b = spans[--k];
            int a = spans[--k];
            // The token's id is its string's id in the vocabulary (as the Rust library looks it up): a piece
            // found in the trie has it already, a run of unknown chars is looked up.
            int id = known >= 0 ? known : vocab.get(s, a, b);
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

    /** The code point at {@code i} (a lone surrogate stands for itself). */
    private static int codePointAt(CharSequence s, int i, int n) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < n) {
            char d = s.charAt(i + 1);
            if (Character.isLowSurrogate(d)) {
                return Character.toCodePoint(c, d);
            }
        }
        return c;
    }

    /** Appends the UTF-8 of {@code cp} (a lone surrogate as 3 bytes) at {@code key[at]}; returns the new end. */
    private static int encode(int cp, byte[] key, int at) {
        if (cp < 0x80) {
            key[at] = (byte) cp;
            return at + 1;
        }
        if (cp < 0x800) {
            key[at] = (byte) (0xC0 | (cp >> 6));
            key[at + 1] = (byte) (0x80 | (cp & 0x3F));
            return at + 2;
        }
        if (cp < 0x10000) {
            key[at] = (byte) (0xE0 | (cp >> 12));
            key[at + 1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            key[at + 2] = (byte) (0x80 | (cp & 0x3F));
            return at + 3;
        }
        key[at] = (byte) (0xF0 | (cp >> 18));
        key[at + 1] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        key[at + 2] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        key[at + 3] = (byte) (0x80 | (cp & 0x3F));
        return at + 4;
    }

    /** Walks the bytes of {@code cp} (as {@link #encode} writes them) from {@code node}. */
    private int stepCodePoint(int node, int cp) {
        if (cp < 0x800) {
            node = trie.step(node, 0xC0 | (cp >> 6));
            return node == ByteTrie.DEAD ? node : trie.step(node, 0x80 | (cp & 0x3F));
        }
        if (cp < 0x10000) {
            node = trie.step(node, 0xE0 | (cp >> 12));
            if (node == ByteTrie.DEAD) {
                return node;
            }
            node = trie.step(node, 0x80 | ((cp >> 6) & 0x3F));
            return node == ByteTrie.DEAD ? node : trie.step(node, 0x80 | (cp & 0x3F));
        }
        node = trie.step(node, 0xF0 | (cp >> 18));
        if (node == ByteTrie.DEAD) {
            return node;
        }
        node = trie.step(node, 0x80 | ((cp >> 12) & 0x3F));
        if (node == ByteTrie.DEAD) {
            return node;
        }
        node = trie.step(node, 0x80 | ((cp >> 6) & 0x3F));
        return node == ByteTrie.DEAD ? node : trie.step(node, 0x80 | (cp & 0x3F));
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
}
