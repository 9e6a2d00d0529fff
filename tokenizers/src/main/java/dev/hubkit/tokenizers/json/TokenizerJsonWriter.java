package dev.hubkit.tokenizers.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.Direction;
import dev.hubkit.tokenizers.Padding;
import dev.hubkit.tokenizers.TokenizerException;
import dev.hubkit.tokenizers.Truncation;

/**
 * Writes tokenizer.json: the tree that was read, with the {@code truncation} and {@code padding} sections
 * regenerated from the current settings, in the Rust library's field layout.
 */
public final class TokenizerJsonWriter {
    private TokenizerJsonWriter() {
    }

    /** JSON text for a tokenizer read from {@code source} with the given settings. */
    public static String write(ObjectNode source, Truncation truncation, Padding padding, boolean pretty) {
        ObjectNode out = source.deepCopy();
        JsonNode origTrunc = source.get("truncation");
        JsonNode origPad = source.get("padding");
        JsonNode newTrunc = truncation == null ? JsonNodeFactory.instance.nullNode() : truncation(truncation);
        JsonNode newPad = padding == null ? JsonNodeFactory.instance.nullNode() : padding(padding);
        // Keep the original nodes when they still mean the same settings (tree equality with the input).
        out.set("truncation", sameTruncation(origTrunc, truncation) ? origTrunc : newTrunc);
        out.set("padding", samePadding(origPad, padding) ? origPad : newPad);
        if (origTrunc == null && truncation == null) {
            out.remove("truncation");
        }
        if (origPad == null && padding == null) {
            out.remove("padding");
        }
        try {
            return pretty ? TokenizerJsonReader.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out)
                    : TokenizerJsonReader.mapper().writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new TokenizerException("cannot write tokenizer.json: " + e.getMessage(), e);
        }
    }

    private static boolean sameTruncation(JsonNode orig, Truncation t) {
        if (orig == null || orig.isNull()) {
            return t == null;
        }
        try {
            return t != null && t.equals(TokenizerJsonReader.truncation(new JsonPath(orig, "truncation")));
        } catch (TokenizerException e) {
            return false;
        }
    }

    private static boolean samePadding(JsonNode orig, Padding p) {
        if (orig == null || orig.isNull()) {
            return p == null;
        }
        try {
            return p != null && p.equals(TokenizerJsonReader.padding(new JsonPath(orig, "padding")));
        } catch (TokenizerException e) {
            return false;
        }
    }

    static ObjectNode truncation(Truncation t) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("direction", dir(t.direction()));
        n.put("max_length", t.maxLength());
        n.put("strategy", switch (t.strategy()) {
            case LONGEST_FIRST -> "LongestFirst";
            case ONLY_FIRST -> "OnlyFirst";
            case ONLY_SECOND -> "OnlySecond";
        });
        n.put("stride", t.stride());
        return n;
    }

    static ObjectNode padding(Padding p) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (p.strategy() == Padding.Strategy.FIXED) {
            n.putObject("strategy").put("Fixed", p.length());
        } else {
            n.put("strategy", "BatchLongest");
        }
        n.put("direction", dir(p.direction()));
        if (p.padToMultipleOf() == null) {
            n.putNull("pad_to_multiple_of");
        } else {
            n.put("pad_to_multiple_of", p.padToMultipleOf());
        }
        n.put("pad_id", p.padId());
        n.put("pad_type_id", p.padTypeId());
        n.put("pad_token", p.padToken());
        return n;
    }

    private static String dir(Direction d) {
        return d == Direction.LEFT ? "Left" : "Right";
    }
}
