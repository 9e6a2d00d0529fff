package dev.hubkit.tokenizers.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkit.tokenizers.TokenizerException;

/** A JSON node with its path, for typed access with errors that name the path. */
record JsonPath(JsonNode node, String path) {

    static TokenizerException error(String path, String msg) {
        return new TokenizerException("tokenizer.json: " + path + ": " + msg);
    }

    TokenizerException error(String msg) {
        return error(path, msg);
    }

    JsonPath get(String field) {
        return new JsonPath(node.get(field), path.isEmpty() ? field : path + "." + field);
    }

    JsonPath at(int i) {
        return new JsonPath(node.get(i), path + "[" + i + "]");
    }

    boolean isMissing() {
        return node == null || node.isNull() || node.isMissingNode();
    }

    boolean has(String field) {
        JsonNode n = node.get(field);
        return n != null && !n.isNull();
    }

    JsonPath require(String field) {
        JsonPath p = get(field);
        if (p.isMissing()) {
            throw error(p.path, "required field is missing");
        }
        return p;
    }

    String string() {
        if (node == null || !node.isTextual()) {
            throw error(path, "expected a string, got " + describe());
        }
        return node.asText();
    }

    String stringOr(String field, String def) {
        JsonPath p = get(field);
        return p.isMissing() ? def : p.string();
    }

    boolean bool() {
        if (node == null || !node.isBoolean()) {
            throw error(path, "expected true or false, got " + describe());
        }
        return node.asBoolean();
    }

    boolean boolOr(String field, boolean def) {
        JsonPath p = get(field);
        return p.isMissing() ? def : p.bool();
    }

    int integer() {
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            throw error(path, "expected an integer, got " + describe());
        }
        return node.asInt();
    }

    int intOr(String field, int def) {
        JsonPath p = get(field);
        return p.isMissing() ? def : p.integer();
    }

    double number() {
        if (node == null || !node.isNumber()) {
            throw error(path, "expected a number, got " + describe());
        }
        return node.asDouble();
    }

    JsonPath array() {
        if (node == null || !node.isArray()) {
            throw error(path, "expected an array, got " + describe());
        }
        return this;
    }

    JsonPath object() {
        if (node == null || !node.isObject()) {
            throw error(path, "expected an object, got " + describe());
        }
        return this;
    }

    int size() {
        return node.size();
    }

    int singleChar() {
        String s = string();
        if (s.codePointCount(0, s.length()) != 1) {
            throw error(path, "expected a single character, got \"" + s + "\"");
        }
        return s.codePointAt(0);
    }

    String describe() {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + abbreviate(node.toString());
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
