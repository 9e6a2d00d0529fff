package dev.hubkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Typed reads of single JSON values; every wrong type becomes a {@link ConfigException}. */
final class Fields {

    private Fields() {
    }

    /** A short description of a value for "found ..." in messages. */
    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            String t = v.textValue();
            return "string \"" + (t.length() > 60 ? t.substring(0, 60) + "..." : t) + "\"";
        }
        if (v.isNumber() || v.isBoolean()) {
            return v.isFloatingPointNumber() ? PythonJson.pyRepr(v.doubleValue()) : v.asText();
        }
        String text = v.toString();
        return (v.isArray() ? "an array " : "an object ") + (text.length() > 60 ? text.substring(0, 60) + "..." : text);
    }

    static boolean isInt(JsonNode v) {
        return v != null && v.isIntegralNumber() && v.canConvertToInt();
    }

    static int integer(JsonNode v, String file, String field) {
        if (!isInt(v)) {
            throw ConfigException.expected(file, field, "an integer", describe(v));
        }
        return v.intValue();
    }

    static int positiveInt(JsonNode v, String file, String field) {
        if (!isInt(v) || v.intValue() <= 0) {
            throw ConfigException.expected(file, field, "a positive integer", describe(v));
        }
        return v.intValue();
    }

    static int nonNegativeInt(JsonNode v, String file, String field) {
        if (!isInt(v) || v.intValue() < 0) {
            throw ConfigException.expected(file, field, "a non-negative integer", describe(v));
        }
        return v.intValue();
    }

    /**
     * A size field of a family hubkit has no typed config for: an integer of at least {@code min}, an
     * integral float such as {@code 1200.0}, or a list (per layer or stage) or object (per part) of
     * non-negative ones, all shown as written. Strings, booleans, fractions and negative sizes are refused.
     */
    static void lenientSize(JsonNode v, String file, String field, int min) {
        String expected = min > 0 ? "a positive integer (or a list of sizes, one per layer or stage)"
                : "a non-negative integer (or a list of sizes, one per layer or stage)";
        if (v != null && v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                lenientSize(v.get(i), file, field + "[" + i + "]", 0);
            }
        } else if (v != null && v.isObject()) {
            v.fields().forEachRemaining(e -> lenientSize(e.getValue(), file, field + "." + e.getKey(), 0));
        } else if (v == null || !v.isNumber() || !isIntegral(v) || v.doubleValue() < min) {
            throw ConfigException.expected(file, field, expected, describe(v));
        }
    }

    private static boolean isIntegral(JsonNode v) {
        if (v.isIntegralNumber()) {
            return true;
        }
        double d = v.doubleValue();
        return Double.isFinite(d) && d == Math.rint(d);
    }

    static double positiveNumber(JsonNode v, String file, String field) {
        if (v == null || !v.isNumber() || !(v.doubleValue() > 0) || Double.isInfinite(v.doubleValue())) {
            throw ConfigException.expected(file, field, "a positive number", describe(v));
        }
        return v.doubleValue();
    }

    static double number(JsonNode v, String file, String field) {
        if (v == null || !v.isNumber()) {
            throw ConfigException.expected(file, field, "a number", describe(v));
        }
        return v.doubleValue();
    }

    static String string(JsonNode v, String file, String field) {
        if (v == null || !v.isTextual()) {
            throw ConfigException.expected(file, field, "a string", describe(v));
        }
        return v.textValue();
    }

    static boolean bool(JsonNode v, String file, String field) {
        if (v == null || !v.isBoolean()) {
            throw ConfigException.expected(file, field, "true or false", describe(v));
        }
        return v.booleanValue();
    }

    /** An optional string: absent or null → empty. */
    static Optional<String> optString(JsonNode v, String file, String field) {
        return v == null || v.isNull() ? Optional.empty() : Optional.of(string(v, file, field));
    }

    /** An optional boolean: absent or null → empty. */
    static Optional<Boolean> optBool(JsonNode v, String file, String field) {
        return v == null || v.isNull() ? Optional.empty() : Optional.of(bool(v, file, field));
    }

    /** An optional integer: absent or null → empty. */
    static OptionalInt optInt(JsonNode v, String file, String field) {
        return v == null || v.isNull() ? OptionalInt.empty() : OptionalInt.of(integer(v, file, field));
    }

    /** A list of strings; absent or null → empty list. */
    static List<String> stringList(JsonNode v, String file, String field) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw ConfigException.expected(file, field, "a list of strings", describe(v));
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(string(v.get(i), file, field + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    /** Token ids: null/absent → empty; an integer → one id; a list of integers → those ids. */
    static List<Integer> tokenIds(JsonNode v, String file, String field) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (isInt(v)) {
            return List.of(v.intValue());
        }
        if (!v.isArray()) {
            throw ConfigException.expected(file, field, "a token id (integer), a list of token ids or null",
                    describe(v));
        }
        List<Integer> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!isInt(item)) {
                throw ConfigException.expected(file, field + "[" + i + "]", "a token id (integer)", describe(item));
            }
            out.add(item.intValue());
        }
        return List.copyOf(out);
    }
}
