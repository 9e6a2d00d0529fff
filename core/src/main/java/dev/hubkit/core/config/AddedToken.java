package dev.hubkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A token added to a vocabulary, as written in {@code tokenizer_config.json} and
 * {@code special_tokens_map.json}: either a plain string or a dict
 * {@code {"content": ..., "lstrip": ..., "rstrip": ..., "normalized": ..., "single_word": ..., "special": ...}}.
 *
 * @param content    the token text
 * @param lstrip     whether whitespace on its left is absorbed
 * @param rstrip     whether whitespace on its right is absorbed
 * @param normalized whether it is matched against normalized text
 * @param singleWord whether it only matches as a whole word
 * @param special    whether it is a special token (skipped when decoding with skip_special_tokens)
 */
public record AddedToken(String content, boolean lstrip, boolean rstrip, boolean normalized, boolean singleWord,
                         boolean special) {

    /** Requires non-null content. */
    public AddedToken {
        Objects.requireNonNull(content, "content");
    }

    /** A special token given as a plain string: transformers makes it {@code special=True, normalized=False}. */
    public static AddedToken special(String content) {
        return new AddedToken(content, false, false, false, false, true);
    }

    /**
     * Parses a string or an AddedToken dict. Missing dict fields take the defaults of
     * {@code tokenizers.AddedToken}: lstrip/rstrip/single_word false, normalized = !special.
     *
     * @param specialByDefault what {@code special} is when the dict does not say (true for special-token slots)
     */
    static AddedToken parse(JsonNode node, String file, String field, boolean specialByDefault) {
        if (node.isTextual()) {
            return specialByDefault ? special(node.textValue()) : new AddedToken(node.textValue(), false, false,
                    true, false, false);
        }
        if (!node.isObject()) {
            throw ConfigException.expected(file, field, "a token string or an AddedToken object with \"content\"",
                    Fields.describe(node));
        }
        JsonNode content = node.get("content");
        if (content == null || !content.isTextual()) {
            throw ConfigException.expected(file, field + ".content", "a string", Fields.describe(content));
        }
        boolean special = flag(node, "special", specialByDefault, file, field);
        return new AddedToken(content.textValue(),
                flag(node, "lstrip", false, file, field),
                flag(node, "rstrip", false, file, field),
                flag(node, "normalized", !special, file, field),
                flag(node, "single_word", false, file, field),
                special);
    }

    private static boolean flag(JsonNode node, String name, boolean dflt, String file, String field) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? dflt : Fields.bool(v, file, field + "." + name);
    }

    /** This token as the dict transformers writes ({@code __type} omitted). */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("content", content);
        o.put("lstrip", lstrip);
        o.put("normalized", normalized);
        o.put("rstrip", rstrip);
        o.put("single_word", singleWord);
        o.put("special", special);
        return o;
    }
}
