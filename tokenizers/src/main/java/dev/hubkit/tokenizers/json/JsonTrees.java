package dev.hubkit.tokenizers.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads the value at a streaming parser's current token into the tree {@code ObjectMapper.readTree} would give
 * with default settings (int, long or BigInteger nodes by size, double nodes for fractions, a later duplicate key
 * replacing an earlier one; a fraction's double is the one the Rust library reads, see {@link RustJsonFloats}), without an {@code ObjectMapper}: creating the first one costs a fresh JVM roughly
 * 0.2 s, more than parsing the small non-vocabulary part of a tokenizer.json.
 */
final class JsonTrees {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /** The value starting at {@code p.currentToken()}; leaves the parser on the value's last token. */
    static JsonNode read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new IllegalStateException("no current token");
        }
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = F.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, read(p));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = F.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p));
                }
                return a;
            }
            case VALUE_STRING:
                return F.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return F.numberNode(p.getIntValue());
                    case LONG:
                        return F.numberNode(p.getLongValue());
                    default:
                        return F.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                // the double the Rust library reads (serde_json rounds twice), not the correctly rounded one
                return F.numberNode(RustJsonFloats.parse(p.getText()));
            case VALUE_TRUE:
                return F.booleanNode(true);
            case VALUE_FALSE:
                return F.booleanNode(false);
            case VALUE_NULL:
                return F.nullNode();
            default:
                throw new IllegalStateException("unexpected JSON token " + t);
        }
    }
}
