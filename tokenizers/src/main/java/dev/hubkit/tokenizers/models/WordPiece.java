package dev.hubkit.tokenizers.models;

import dev.hubkit.tokenizers.TokenizerException;
import dev.hubkit.tokenizers.text.NormalizedString;
import java.util.Map;

/** Greedy longest-match-first WordPiece. */
public final class WordPiece implements Model {
    private final Vocab vocab;
    private final String unkToken;
    private final int unkId;
    private final String prefix;
    private final int maxInputCharsPerWord;
    /** Every token, and the continuation tokens without their prefix, looked up on char arrays. */
    private final CharTable words;
    private final CharTable continuations;
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
        Map<String, Integer> entries = this.vocab.asMap();
        this.words = new CharTable(entries, "");
        this.continuations = this.prefix.isEmpty() ? words : new CharTable(entries, this.prefix);
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

    /** Per-thread scratch: the word's chars, their prefix hashes and the pieces found so far. */
    private static final class Scratch {
        char[] chars = new char[64];
        int[] prefixSums = new int[65];
        int[] ids = new int[16];
        int[] bounds = new int[17];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    @Override
    public void tokenize(String word, TokenSink sink) {
        tokenize(word, 0, word.length(), sink);
    }

    /**
     * Tokenizes the word {@code s[from, to)} (non-empty); the offsets given to {@code sink} are indices in
     * {@code s}.
     */
    public void tokenize(CharSequence s, int from, int to, TokenSink sink) {
        int n = to - from;
        if (n > maxInputCharsPerWord && Character.codePointCount(s, from, to) > maxInputCharsPerWord) {
            unk(s, from, to, sink);
            return;
        }
        Scratch scratch = SCRATCH.get();
        if (scratch.chars.length < n) {
            int c = Math.max(n, scratch.chars.length * 2);
            scratch.chars = new char[c];
            scratch.prefixSums = new int[c + 1];
        }
        char[] w = scratch.chars;
        copy(s, from, to, w);
        int[] prefixSums = scratch.prefixSums;
        prefixSums[0] = 0;
        for (int k = 0; k < n; k++) {
            prefixSums[k + 1] = 31 * prefixSums[k] + w[k];
        }
        // Whole word first: most words are one token.
        int whole = words.get(prefixSums[n], w, 0, n);
        if (whole >= 0) {
            sink.accept(whole, vocab.token(whole), from, to);
            return;
        }
        // Find all pieces first; emit only if the whole word can be covered.
        int[] powers = POWERS;
        int[] ids = scratch.ids;
        int[] bounds = scratch.bounds;
        int count = 0;
        int start = 0;
        while (start < n) {
            int found = -1;
            int end = n;
            CharTable table = start > 0 ? continuations : words;
            if (start == 0) {
                end -= unitsBefore(w, end);
            }
            if (end - start > table.maxLength()) {
                // No key is that long: start at the longest length (on a char boundary, as stepping down from
                // the end of the word would reach it).
                end = start + table.maxLength();
                if (end > 0 && end < n && Character.isLowSurrogate(w[end]) && Character.isHighSurrogate(w[end - 1])) {
                    end--;
                }
            }
            while (start < end) {
                // polynomial hash of w[start, end) from prefix sums
                int h = prefixSums[end] - prefixSums[start] * pow(powers, end - start);
                int id = table.get(h, w, start, end);
                if (id >= 0) {
                    found = id;
                    break;
                }
                end -= unitsBefore(w, end);
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

    private static void copy(CharSequence s, int from, int to, char[] w) {
        if (s instanceof NormalizedString ns) {
            ns.getChars(from, to, w, 0);
        } else if (s instanceof String str) {
            str.getChars(from, to, w, 0);
        } else {
            for (int k = from; k < to; k++) {
                w[k - from] = s.charAt(k);
            }
        }
    }

    /** UTF-16 units of the char ending at index {@code end} of {@code w} (2 for a surrogate pair). */
    private static int unitsBefore(char[] w, int end) {
        return end >= 2 && Character.isLowSurrogate(w[end - 1]) && Character.isHighSurrogate(w[end - 2]) ? 2 : 1;
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
