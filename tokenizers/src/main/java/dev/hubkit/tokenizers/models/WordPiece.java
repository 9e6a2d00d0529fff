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

    private void unk(String word, TokenSink sink) {
        if (unkId < 0) {
            throw new TokenizerException("WordPiece: the unk_token '" + unkToken + "' is not in the vocabulary, "
                    + "so the word '" + word + "' cannot be encoded; add it to model.vocab");
        }
        sink.accept(unkId, unkToken, 0, word.length());
    }

    @Override
    public void tokenize(String word, TokenSink sink) {
        int n = word.length();
        if (n > maxInputCharsPerWord && word.codePointCount(0, n) > maxInputCharsPerWord) {
            unk(word, sink);
            return;
        }
        int[] prefixSums = new int[n + 1];
        for (int k = 0; k < n; k++) {
            prefixSums[k + 1] = 31 * prefixSums[k] + word.charAt(k);
        }
        int[] powers = POWERS;
        // First pass: find all pieces; emit only if the whole word can be covered.
        int[] ids = null;
        int[] bounds = null;
        int count = 0;
        int start = 0;
        while (start < n) {
            int found = -1;
            int end = n;
            String pre = start > 0 ? prefix : "";
            int preHash = start > 0 ? prefixHash : 0;
            while (start < end) {
                int len = end - start;
                // polynomial hash of word[start, end) from prefix sums, then of prefix + that
                int sub = prefixSums[end] - prefixSums[start] * pow(powers, len);
                int h = preHash * pow(powers, len) + sub;
                int id = vocab.getWithHash(h, pre, word, start, end);
                if (id >= 0) {
                    found = id;
                    break;
                }
                end -= (end - 2 >= start && Character.isLowSurrogate(word.charAt(end - 1))
                        && Character.isHighSurrogate(word.charAt(end - 2))) ? 2 : 1;
            }
            if (found < 0) {
                unk(word, sink);
                return;
            }
            if (ids == null) {
                if (end == n) {
                    sink.accept(found, vocab.token(found), 0, n);
                    return;
                }
                ids = new int[8];
                bounds = new int[9];
            } else if (count == ids.length) {
                ids = java.util.Arrays.copyOf(ids, count * 2);
                bounds = java.util.Arrays.copyOf(bounds, count * 2 + 1);
            }
            ids[count] = found;
            bounds[count] = start;
            count++;
            bounds[count] = end;
            start = end;
        }
        for (int i = 0; i < count; i++) {
            sink.accept(ids[i], vocab.token(ids[i]), bounds[i], bounds[i + 1]);
        }
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
