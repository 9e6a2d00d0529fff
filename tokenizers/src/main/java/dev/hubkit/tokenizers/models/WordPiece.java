package dev.hubkit.tokenizers.models;

import dev.hubkit.tokenizers.TokenizerException;
import java.util.Map;

/** Greedy longest-match-first WordPiece. */
public final class WordPiece implements Model {
    private final Vocab vocab;
    private final String unkToken;
    private final int unkId;
    private final String prefix;
    private final int maxInputCharsPerWord;
    private final int prefixHash;
    private static final int[] POWERS = new int[256];

    static {
        POWERS[0] = 1;
        for (int i = 1; i < POWERS.length; i++) {
            POWERS[i] = POWERS[i - 1] * 31;
        }
    }

    private static int pow(int[] powers, int n) {
        if (n < powers.length) {
            return powers[n];
        }
        int r = 1;
        for (int i = 0; i < n; i++) {
            r *= 31;
        }
        return r;
    }

    public WordPiece(Map<String, Integer> vocab, String unkToken, String continuingSubwordPrefix,
                     int maxInputCharsPerWord) {
        this.vocab = new Vocab(vocab);
        this.unkToken = unkToken;
        this.unkId = this.vocab.get(unkToken);
        this.prefix = continuingSubwordPrefix == null ? "" : continuingSubwordPrefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
        this.prefixHash = Vocab.polyHash(this.prefix, 0, this.prefix.length());
    }

    public Vocab vocab() {
        return vocab;
    }

    public String unkToken() {
        return unkToken;
    }

    public String continuingSubwordPrefix() {
        return prefix;
    }

    public int maxInputCharsPerWord() {
        return maxInputCharsPerWord;
    }

    private void unk(CharSequence word, int from, int to, TokenSink sink) {
        if (unkId < 0) {
            throw new TokenizerException("WordPiece: the unk_token '" + unkToken + "' is not in the vocabulary, "
                    + "so the word '" + word.subSequence(from, to) + "' cannot be encoded; add it to model.vocab");
        }
        sink.accept(unkId, unkToken, from, to);
    }

    /** Per-thread scratch: prefix hashes of the current word and the pieces found so far. */
    private static final class Scratch {
        int[] prefixSums = new int[64];
        int[] ids = new int[16];
        int[] bounds = new int[17];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    @Override
    public void tokenize(String word, TokenSink sink) {
        tokenize(word, 0, word.length(), sink);
    }

    /**
     * Tokenizes the word {@code s[from, to)} (non-empty) without copying it; the offsets given to {@code sink} are
     * indices in {@code s}.
     */
    public void tokenize(CharSequence s, int from, int to, TokenSink sink) {
        int n = to - from;
        if (n > maxInputCharsPerWord && Character.codePointCount(s, from, to) > maxInputCharsPerWord) {
            unk(s, from, to, sink);
            return;
        }
        Scratch scratch = SCRATCH.get();
        int[] prefixSums = scratch.prefixSums;
        if (prefixSums.length < n + 1) {
            prefixSums = new int[Math.max(n + 1, prefixSums.length * 2)];
            scratch.prefixSums = prefixSums;
        }
        prefixSums[0] = 0;
        for (int k = 0; k < n; k++) {
            prefixSums[k + 1] = 31 * prefixSums[k] + s.charAt(from + k);
        }
        int[] powers = POWERS;
        // Whole word first: most words are one token.
        int whole = vocab.getWithHash(prefixSums[n], "", s, from, to);
        if (whole >= 0) {
            sink.accept(whole, vocab.token(whole), from, to);
            return;
        }
        // Find all pieces first; emit only if the whole word can be covered.
        int[] ids = scratch.ids;
        int[] bounds = scratch.bounds;
        int count = 0;
        int start = 0;
        while (start < n) {
            int found = -1;
            int end = n;
            String pre = start > 0 ? prefix : "";
            int preHash = start > 0 ? prefixHash : 0;
            if (start == 0) {
                end -= unitsBefore(s, from, end);
            }
            while (start < end) {
                int len = end - start;
                // polynomial hash of word[start, end) from prefix sums, then of prefix + that
                int p = pow(powers, len);
                int sub = prefixSums[end] - prefixSums[start] * p;
                int h = preHash * p + sub;
                int id = vocab.getWithHash(h, pre, s, from + start, from + end);
                if (id >= 0) {
                    found = id;
                    break;
                }
                end -= unitsBefore(s, from, end);
            }
            if (found < 0) {
                unk(s, from, to, sink);
                return;
            }
            if (count == ids.length) {
                ids = java.util.Arrays.copyOf(ids, count * 2);
                bounds = java.util.Arrays.copyOf(bounds, count * 2 + 1);
                scratch.ids = ids;
                scratch.bounds = bounds;
            }
            ids[count] = found;
            bounds[count] = start;
            count++;
            bounds[count] = end;
            start = end;
        }
        for (int i = 0; i < count; i++) {
            sink.accept(ids[i], vocab.token(ids[i]), from + bounds[i], from + bounds[i + 1]);
        }
    }

    /** UTF-16 units of the char ending at relative index {@code end} (2 for a surrogate pair). */
    private static int unitsBefore(CharSequence s, int from, int end) {
        return end >= 2 && Character.isLowSurrogate(s.charAt(from + end - 1))
                && Character.isHighSurrogate(s.charAt(from + end - 2)) ? 2 : 1;
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
