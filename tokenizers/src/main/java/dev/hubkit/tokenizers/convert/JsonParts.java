package dev.hubkit.tokenizers.convert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builders for the tokenizer.json nodes the converters write (the Rust library's serialization). */
final class JsonParts {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String SPIECE_UNDERLINE = "\u2581";

    private JsonParts() {
    }

    /** A tokenizer.json root with the given stages (null stages are written as null). */
    static ObjectNode root(AddedTokens added, ObjectNode normalizer, ObjectNode preTokenizer, ObjectNode postProcessor,
                           ObjectNode decoder, ObjectNode model) {
        ObjectNode root = F.objectNode().put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.set("added_tokens", added.toJson());
        root.set("normalizer", normalizer);
        root.set("pre_tokenizer", preTokenizer);
        root.set("model", model);
        root.set("post_processor", postProcessor);
        root.set("decoder", decoder);
        return root;
    }

    static ObjectNode type(String type) {
        return F.objectNode().put("type", type);
    }

    static ObjectNode sequence(String type, String field, ObjectNode... items) {
        ObjectNode n = type("Sequence");
        ArrayNode a = n.putArray(field);
        for (ObjectNode i : items) {
            if (i != null) {
                a.add(i);
            }
        }
        return n;
    }

    /** Replace normalizer/decoder with a literal pattern. */
    static ObjectNode replace(String pattern, String content) {
        ObjectNode n = type("Replace");
        n.putObject("pattern").put("String", pattern);
        n.put("content", content);
        return n;
    }

    /** Replace normalizer with a regex pattern. */
    static ObjectNode replaceRegex(String regex, String content) {
        ObjectNode n = type("Replace");
        n.putObject("pattern").put("Regex", regex);
        n.put("content", content);
        return n;
    }

    static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        return type("ByteLevel").put("add_prefix_space", addPrefixSpace).put("trim_offsets", trimOffsets)
                .put("use_regex", true);
    }

    static ObjectNode metaspace(String prependScheme, boolean split) {
        return type("Metaspace").put("replacement", SPIECE_UNDERLINE).put("prepend_scheme", prependScheme)
                .put("split", split);
    }

    /**
     * A TemplateProcessing post-processor. Template items are {@code "$A:0"}, {@code "$B:1"} or
     * {@code "TOKEN:typeId"} (the type id after the last colon).
     */
    static ObjectNode template(String[] single, String[] pair, Map<String, Integer> specials) {
        ObjectNode n = type("TemplateProcessing");
        n.set("single", templateItems(single));
        n.set("pair", templateItems(pair));
        ObjectNode st = n.putObject("special_tokens");
        for (Map.Entry<String, Integer> e : specials.entrySet()) {
            ObjectNode t = st.putObject(e.getKey());
            t.put("id", e.getKey());
            t.putArray("ids").add(e.getValue());
            t.putArray("tokens").add(e.getKey());
        }
        return n;
    }

    private static ArrayNode templateItems(String[] items) {
        ArrayNode a = F.arrayNode();
        for (String item : items) {
            int colon = item.lastIndexOf(':');
            String id = item.substring(0, colon);
            int typeId = Integer.parseInt(item.substring(colon + 1));
            if (id.equals("$A") || id.equals("$B")) {
                a.addObject().putObject("Sequence").put("id", id.substring(1)).put("type_id", typeId);
            } else {
                a.addObject().putObject("SpecialToken").put("id", id).put("type_id", typeId);
            }
        }
        return a;
    }

    /** A map with one or two entries, in order. */
    static Map<String, Integer> specials(String a, int aId, String b, int bId) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(a, aId);
        if (b != null) {
            m.put(b, bId);
        }
        return m;
    }
}
