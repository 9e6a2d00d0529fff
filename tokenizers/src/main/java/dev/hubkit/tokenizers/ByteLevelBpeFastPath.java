package dev.hubkit.tokenizers;

import dev.hubkit.tokenizers.added.AddedVocabulary;
import dev.hubkit.tokenizers.models.Bpe;
import dev.hubkit.tokenizers.models.Model;
import dev.hubkit.tokenizers.models.TokenSink;
import dev.hubkit.tokenizers.models.Vocab;
import dev.hubkit.tokenizers.normalizers.Normalizer;
import dev.hubkit.tokenizers.pretokenizers.ByteLevelPreTokenizer;
import dev.hubkit.tokenizers.pretokenizers.PreTokenizer;
import dev.hubkit.tokenizers.pretokenizers.PreTokenizerSequence;
import dev.hubkit.tokenizers.pretokenizers.Split;
import dev.hubkit.tokenizers.text.ByteLevelAlphabet;
import dev.hubkit.tokenizers.text.Gpt2Splitter;
import dev.hubkit.tokenizers.text.SplitBehavior;
import dev.hubkit.tokenizers.text.SplitPattern;
import dev.hubkit.tokenizers.text.TilingSplitPattern;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The byte-level BPE pipeline (no normalizer; {@code ByteLevel} with its GPT-2 regex, or {@code Split} then
 * {@code ByteLevel} without regex, neither adding a prefix space; a BPE model) run without
 * {@link dev.hubkit.tokenizers.text.NormalizedString}: each split piece is mapped to byte-level chars in a
 * reused buffer that also records, per byte-level char, the original range of the char it came from, so token
 * offsets are two array reads. Gives exactly the {@link Encoding} of the general path: the same pieces (word
 * ids), tokens and offsets (a byte-level char is aligned with the char it came from; a lone surrogate becomes
 * U+FFFD's bytes). Inputs holding an added token go the general way. A repeated piece is answered by a lock-free
 * {@link ByteLevelPieceCache} keyed on its byte-level chars (no String, no vocabulary or merge lookups); tokens
 * strings are read from the vocabulary by id when the encoding is built. Immutable but for that cache, whose
 * answers never change results; scratch memory is per thread.
 */
final class ByteLevelBpeFastPath {
    private final SplitPattern pattern;
    /** Null: {@link #pattern}'s matches are the pieces (ByteLevel's own regex); otherwise Split's behavior. */
    private final SplitBehavior behavior;
    private final Bpe bpe;
    private final AddedVocabulary added;
    private final Vocab vocab;
    /** Piece to tokens, in front of the model (which has its own word cache for the general path). */
    private final ByteLevelPieceCache cache = new ByteLevelPieceCache(CACHE_BITS);
    private static final int CACHE_BITS = 16;

    private ByteLevelBpeFastPath(SplitPattern pattern, SplitBehavior behavior, Bpe bpe, AddedVocabulary added) {
        this.pattern = pattern;
        this.behavior = behavior;
        this.bpe = bpe;
        this.added = added;
        this.vocab = bpe.vocab();
    }

    /** The fast path for this pipeline, or null when it is not a plain byte-level BPE pipeline. */
    static ByteLevelBpeFastPath of(Normalizer normalizer, PreTokenizer preTokenizer, Model model,
                                   AddedVocabulary added) {
        if (normalizer != null || !(model instanceof Bpe bpe)) {
            return null;
        }
        if (preTokenizer instanceof ByteLevelPreTokenizer b && !b.addPrefixSpace() && b.useRegex()) {
            return new ByteLevelBpeFastPath(Gpt2Splitter.INSTANCE, null, bpe, added);
        }
        if (preTokenizer instanceof PreTokenizerSequence seq && seq.preTokenizers().size() == 2
                && seq.preTokenizers().get(0) instanceof Split split
                && seq.preTokenizers().get(1) instanceof ByteLevelPreTokenizer b
                && !b.addPrefixSpace() && !b.useRegex()) {
            SplitPattern p = split.invert() ? split.pattern().invert() : split.pattern();
            return new ByteLevelBpeFastPath(p, split.behavior(), bpe, added);
        }
        return null;
    }

    /** What the general path gives for one sequence before post-processing, or null: use the general path. */
    Encoding encode(String text, int typeId) {
        if (added.occursIn(text)) {
            return null;
        }
        Scratch sc = SCRATCH.get();
        sc.reset(text.length());
        if (!text.isEmpty()) {
            // the ByteLevel regex (behavior null) or an isolated Split: every match is a piece, no match array
            if (pattern instanceof TilingSplitPattern t && (behavior == null || behavior == SplitBehavior.ISOLATED)) {
                int word = 0;
                for (int i = 0, n = text.length(); i < n; ) {
                    int e = t.matchEnd(text, i);
                    sc.word = word++;
                    piece(sc, sc.byteLevel(text, i, e));
                    i = e;
                }
                return sc.build(typeId, vocab);
            }
            int[] m = pattern.findMatches(text);
            boolean flagRemoves = behavior != null;
            if (flagRemoves) {
                m = behavior.splits(m);
            }
            int word = 0;
            for (int i = 0; i < m.length; i += 3) {
                int from = m[i];
                int to = m[i + 1];
                if ((flagRemoves && m[i + 2] != 0) || from >= to) {
                    continue;
                }
                sc.word = word++;
                piece(sc, sc.byteLevel(text, from, to));
            }
        }
        return sc.build(typeId, vocab);
    }

    /** Tokenizes the byte-level piece {@code sc.chars[0, len)} (hash {@code sc.hash}) into {@code sc}. */
    private void piece(Scratch sc, int len) {
        int h = sc.hash;
        int[] res = cache.get(sc.chars, len, h);
        if (res == null) {
            Collect c = sc.collect;
            c.n = 0;
            bpe.tokenize(new String(sc.chars, 0, len), c);
            res = Arrays.copyOf(c.triples, c.n);
            cache.put(sc.chars, len, h, res);
        }
        sc.emit(res);
    }

    /** Collects the model's tokens of one piece as {@code (id, start, end)} triples. */
    private static final class Collect implements TokenSink {
        int[] triples = new int[48];
        int n;

        @Override
        public void accept(int id, String token, int start, int end) {
            if (n + 3 > triples.length) {
                triples = Arrays.copyOf(triples, triples.length * 2);
            }
            triples[n] = id;
            triples[n + 1] = start;
            triples[n + 2] = end;
            n += 3;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread buffers: the byte-level piece with its alignments, and the tokens so far. */
    private static final class Scratch {
        /** Buffers larger than this (entries) are dropped after use. */
        private static final int KEEP = 1 << 16;
        char[] chars = new char[256];
        int[] origStart = new int[256];
        int[] origEnd = new int[256];
        int[] ids = new int[256];
        int[] starts = new int[256];
        int[] ends = new int[256];
        int[] words = new int[256];
        int n;
        int word;
        /** {@link ByteLevelPieceCache#spread spread} polynomial hash of the last {@link #byteLevel} piece. */
        int hash;
        final Collect collect = new Collect();

        void reset(int textLength) {
            n = 0;
            if (ids.length < textLength) { // at most one token per char is typical; grown on demand anyway
                int c = Math.max(textLength, ids.length * 2);
                ids = new int[c];
                starts = new int[c];
                ends = new int[c];
                words = new int[c];
            }
        }

        /**
         * {@code text[from, to)} as byte-level chars into {@link #chars} (returns their count, sets {@link #hash});
         * fills the original range of every byte-level char.
         */
        int byteLevel(String text, int from, int to) {
            int need = (to - from) * 3 + 1;
            if (chars.length < need) {
                int c = Math.max(need, chars.length * 2);
                chars = new char[c];
                origStart = new int[c];
                origEnd = new int[c];
            }
            char[] out = chars;
            int[] os = origStart;
            int[] oe = origEnd;
            int o = 0;
            for (int i = from; i < to; ) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    out[o] = ByteLevelAlphabet.charOf(c);
                    os[o] = i;
                    oe[o++] = i + 1;
                    i++;
                } else if (c < 0x800) {
                    out[o] = ByteLevelAlphabet.charOf(0xC0 | (c >> 6));
                    out[o + 1] = ByteLevelAlphabet.charOf(0x80 | (c & 0x3F));
                    os[o] = i;
                    os[o + 1] = i;
                    oe[o] = i + 1;
                    oe[o + 1] = i + 1;
                    o += 2;
                    i++;
                } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                    if (o + 4 > out.length) { // pairs take 4 bytes for 2 units; 3 per unit is enough, but be safe
                        grow(o + 4);
                        out = chars;
                        os = origStart;
                        oe = origEnd;
                    }
                    int cp = Character.toCodePoint(c, text.charAt(i + 1));
                    out[o] = ByteLevelAlphabet.charOf(0xF0 | (cp >> 18));
                    out[o + 1] = ByteLevelAlphabet.charOf(0x80 | ((cp >> 12) & 0x3F));
                    out[o + 2] = ByteLevelAlphabet.charOf(0x80 | ((cp >> 6) & 0x3F));
                    out[o + 3] = ByteLevelAlphabet.charOf(0x80 | (cp & 0x3F));
                    for (int k = 0; k < 4; k++) {
                        os[o + k] = i;
                        oe[o + k] = i + 2;
                    }
                    o += 4;
                    i += 2;
                } else {
                    int cp = Character.isSurrogate(c) ? 0xFFFD : c;
                    out[o] = ByteLevelAlphabet.charOf(0xE0 | (cp >> 12));
                    out[o + 1] = ByteLevelAlphabet.charOf(0x80 | ((cp >> 6) & 0x3F));
                    out[o + 2] = ByteLevelAlphabet.charOf(0x80 | (cp & 0x3F));
                    for (int k = 0; k < 3; k++) {
                        os[o + k] = i;
                        oe[o + k] = i + 1;
                    }
                    o += 3;
                    i++;
                }
            }
            int h = 0;
            for (int k = 0; k < o; k++) {
                h = 31 * h + out[k];
            }
            hash = ByteLevelPieceCache.spread(h);
            return o;
        }

        private void grow(int need) {
            int c = Math.max(need, chars.length * 2);
            chars = Arrays.copyOf(chars, c);
            origStart = Arrays.copyOf(origStart, c);
            origEnd = Arrays.copyOf(origEnd, c);
        }

        /** Appends a piece's {@code (id, start, end)} triples as tokens of the current word. */
        void emit(int[] res) {
            int m = res.length / 3;
            if (n + m > ids.length) {
                int c = Math.max(n + m, n * 2);
                ids = Arrays.copyOf(ids, c);
                starts = Arrays.copyOf(starts, c);
                ends = Arrays.copyOf(ends, c);
                words = Arrays.copyOf(words, c);
            }
            int[] os = origStart;
            int[] oe = origEnd;
            int w = word;
            int k = n;
            for (int i = 0; i < res.length; i += 3) {
                ids[k] = res[i];
                starts[k] = os[res[i + 1]];
                ends[k] = oe[res[i + 2] - 1];
                words[k] = w;
                k++;
            }
            n = k;
        }

        Encoding build(int typeId, Vocab vocab) {
            int[] type = new int[n];
            if (typeId != 0) {
                Arrays.fill(type, typeId);
            }
            int[] att = new int[n];
            Arrays.fill(att, 1);
            int[] id = Arrays.copyOf(ids, n);
            String[] tokens = new String[n];
            for (int k = 0; k < n; k++) {
                tokens[k] = vocab.token(id[k]);
            }
            Encoding e = new Encoding(id, type, tokens, Arrays.copyOf(words, n),
                    Arrays.copyOf(starts, n), Arrays.copyOf(ends, n), new int[n], att, List.of(), Map.of());
            if (ids.length > KEEP) { // a huge input: do not keep its buffers for the life of the thread
                ids = new int[256];
                starts = new int[256];
                ends = new int[256];
                words = new int[256];
            }
            if (chars.length > KEEP) {
                chars = new char[256];
                origStart = new int[256];
                origEnd = new int[256];
            }
            return e;
        }
    }
}
