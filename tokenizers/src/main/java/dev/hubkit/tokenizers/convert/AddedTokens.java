package dev.hubkit.tokenizers.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.TokenizerException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Collects the added tokens of a converted tokenizer: the special tokens the slow tokenizer declares, and the
 * {@code added_tokens_decoder} of tokenizer_config.json, with ids from the vocabulary (or new ones after it).
 */
final class AddedTokens {
    /** One added token. */
    record Token(int id, String content, boolean singleWord, boolean lstrip, boolean rstrip, boolean normalized,
                 boolean special) {
    }

    private final Map<String, Token> tokens = new LinkedHashMap<>();
    private final ToIntFunction<String> vocab;
    private int nextId;

    /** @param vocab token to id, -1 when absent; @param vocabSize the first id after the vocabulary */
    AddedTokens(ToIntFunction<String> vocab, int vocabSize) {
        this.vocab = vocab;
        this.nextId = vocabSize;
    }

    /** Adds a token (ignored when null); a token added again keeps its first flags unless {@code override}. */
    AddedTokens add(String content, boolean special, boolean lstrip, boolean normalized, boolean override) {
        if (content == null || content.isEmpty()) {
            return this;
        }
        Token old = tokens.get(content);
        if (old != null && !override) {
            return this;
        }
        int id = old != null ? old.id() : vocab.applyAsInt(content);
        if (id < 0) {
            id = nextId++;
        }
        tokens.put(content, new Token(id, content, false, lstrip, false, normalized, special));
        return this;
    }

    /** Adds a special token, not normalized. */
    AddedTokens special(String content) {
        return add(content, true, false, false, false);
    }

    /** Id of an added token, or the vocabulary's id, or -1. */
    int idOf(String content) {
        Token t = tokens.get(content);
        return t != null ? t.id() : vocab.applyAsInt(content);
    }

    /**
     * Adds tokenizer_config.json's {@code added_tokens_decoder} ({@code {"id": {"content": ..., ...}}}) and
     * its {@code additional_special_tokens}; their flags win over the ones the converter chose.
     */
    AddedTokens fromConfig(SlowFiles files) {
        JsonNode decoder = files.tokenizerConfig().get("added_tokens_decoder");
        if (decoder != null && decoder.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = decoder.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode t = e.getValue();
                int id;
                try {
                    id = Integer.parseInt(e.getKey());
                } catch (NumberFormatException ex) {
                    throw new TokenizerException("tokenizer_config.json of " + files.source() + ": added_tokens_decoder"
                            + " key \"" + e.getKey() + "\" is not a token id; keys must be integers.");
                }
                if (!t.path("content").isTextual()) {
                    throw new TokenizerException("tokenizer_config.json of " + files.source() + ": added_tokens_decoder"
                            + "[\"" + e.getKey() + "\"] has no \"content\" string.");
                }
                String content = t.path("content").textValue();
                int vocabId = vocab.applyAsInt(content);
                tokens.put(content, new Token(vocabId >= 0 ? vocabId : id, content,
                        t.path("single_word").asBoolean(false), t.path("lstrip").asBoolean(false),
                        t.path("rstrip").asBoolean(false), t.path("normalized").asBoolean(false),
                        t.path("special").asBoolean(true)));
                nextId = Math.max(nextId, id + 1);
            }
        }
        JsonNode extra = files.value("additional_special_tokens");
        if (extra.isArray()) {
            for (JsonNode x : extra) {
                String c = x.isTextual() ? x.textValue() : x.path("content").asText(null);
                special(c);
            }
        }
        return this;
    }

    ArrayNode toJson() {
        ArrayNode a = JsonParts.F.arrayNode();
        tokens.values().stream().sorted((x, y) -> Integer.compare(x.id(), y.id())).forEach(t -> {
            ObjectNode n = a.addObject();
            n.put("id", t.id()).put("content", t.content()).put("single_word", t.singleWord())
                    .put("lstrip", t.lstrip()).put("rstrip", t.rstrip()).put("normalized", t.normalized())
                    .put("special", t.special());
        });
        return a;
    }
}
