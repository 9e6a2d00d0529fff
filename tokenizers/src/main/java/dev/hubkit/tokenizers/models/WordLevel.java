package dev.hubkit.tokenizers.models;

import dev.hubkit.tokenizers.TokenizerException;
import java.util.Map;

/** Whole-word lookup with an unknown token. */
public final class WordLevel implements Model {
    private final Vocab vocab;
    private final String unkToken;

    public WordLevel(Map<String, Integer> vocab, String unkToken) {
        this.vocab = new Vocab(vocab);
        this.unkToken = unkToken;
    }

    public Vocab vocab() {
        return vocab;
    }

    public String unkToken() {
        return unkToken;
    }

    @Override
    public void tokenize(String word, TokenSink sink) {
        int id = vocab.get(word);
        if (id >= 0) {
            sink.accept(id, word, 0, word.length());
            return;
        }
        int unk = unkToken == null ? -1 : vocab.get(unkToken);
        if (unk < 0) {
            throw new TokenizerException("WordLevel: '" + word + "' is not in the vocabulary and the unk_token '"
                    + unkToken + "' is missing from it too; add an unk_token to model.vocab");
        }
        sink.accept(unk, unkToken, 0, word.length());
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
