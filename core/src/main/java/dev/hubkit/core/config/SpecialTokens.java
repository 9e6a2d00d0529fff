package dev.hubkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the special-token slots shared by tokenizer_config.json and special_tokens_map.json. */
final class SpecialTokens {

    /** The named special-token slots of transformers' SpecialTokensMixin. */
    static final List<String> SLOTS = List.of("bos_token", "eos_token", "unk_token", "sep_token", "pad_token",
            "cls_token", "mask_token");

    private SpecialTokens() {
    }

    static Map<String, AddedToken> named(ObjectNode json, String file) {
        Map<String, AddedToken> out = new LinkedHashMap<>();
        for (String slot : SLOTS) {
            JsonNode v = json.get(slot);
            if (v != null && !v.isNull()) {
                out.put(slot, AddedToken.parse(v, file, slot, true));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    static List<AddedToken> additional(ObjectNode json, String file) {
        JsonNode v = json.get("additional_special_tokens");
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw ConfigException.expected(file, "additional_special_tokens", "a list of tokens", Fields.describe(v));
        }
        List<AddedToken> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(AddedToken.parse(v.get(i), file, "additional_special_tokens[" + i + "]", true));
        }
        return List.copyOf(out);
    }
}
