package dev.hubkit.converters.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes safetensors headers with jackson-core's streaming parser and string encoder, not with
 * jackson-databind's {@code ObjectMapper}: a conversion is short, and building an ObjectMapper (hundreds of
 * classes) was a visible part of its run time. Strict as RFC 8259 (no comments, no trailing commas or tokens,
 * no duplicate keys, no leading zeros, no unescaped control characters), nesting limited to 64 levels.
 * Values: {@link Map} (insertion order), {@link List}, {@link String}, {@link Long} (integers that fit),
 * {@link Num} (other numbers, kept as written), {@link Boolean}, {@link #NULL}.
 */
final class HeaderJson {
    /** JSON {@code null}. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A number that is not an integer fitting a long (fraction, exponent or too large), as written. */
    record Num(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** Malformed JSON; the message says what and at which byte. */
    static final class JsonException extends Exception {
        JsonException(String message) {
            super(message);
        }
    }

    private static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private HeaderJson() {
    }

    /** Parses one JSON value filling the whole of {@code bytes} (UTF-8; whitespace around it allowed). */
    static Object parse(byte[] bytes) throws JsonException {
        JsonParser p = null;
        try {
            p = FACTORY.createParser(bytes);
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new JsonException("unexpected end of input, expected a value at byte 0");
            }
            Object value = tree(p, first);
            if (p.nextToken() != null) {
                throw new JsonException("unexpected " + p.currentToken() + " after the top-level value"
                        + where(p.currentTokenLocation()));
            }
            return value;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation() != null ? e.getLocation() : p == null ? null : p.currentLocation();
            String what = e.getOriginalMessage().startsWith("Duplicate field ")
                    ? "the name " + e.getOriginalMessage().substring("Duplicate field ".length()) + " appears twice"
                    : e.getOriginalMessage();
            throw new JsonException(what + where(at));
        } catch (IOException e) {
            throw new JsonException(e.getMessage() + " at byte " + (p == null ? 0 : p.currentLocation().getByteOffset()));
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // a parser over a byte array holds nothing to release
                }
            }
        }
    }

    /** Builds the value starting at {@code token} without recursion (the parser bounds the depth). */
    private static Object tree(JsonParser p, JsonToken token) throws IOException {
        Deque<Object> open = new ArrayDeque<>();
        Deque<String> keys = new ArrayDeque<>();
        String key = null;
        for (JsonToken t = token; ; t = p.nextToken()) {
            Object value;
            switch (t) {
                case START_OBJECT -> {
                    open.push(new LinkedHashMap<String, Object>());
                    keys.push(key == null ? "" : key);
                    key = null;
                    continue;
                }
                case START_ARRAY -> {
                    open.push(new ArrayList<>());
                    keys.push(key == null ? "" : key);
                    key = null;
                    continue;
                }
                case FIELD_NAME -> {
                    key = p.currentName();
                    continue;
                }
                case END_OBJECT, END_ARRAY -> {
                    value = open.pop();
                    key = keys.pop();
                }
                case VALUE_STRING -> value = p.getText();
                case VALUE_NUMBER_INT -> value = p.getNumberType() == JsonParser.NumberType.INT
                        || p.getNumberType() == JsonParser.NumberType.LONG ? (Object) p.getLongValue() : new Num(p.getText());
                case VALUE_NUMBER_FLOAT -> value = new Num(p.getText());
                case VALUE_TRUE -> value = Boolean.TRUE;
                case VALUE_FALSE -> value = Boolean.FALSE;
                case VALUE_NULL -> value = NULL;
                default -> throw new IOException("unexpected token " + t);
            }
            if (open.isEmpty()) {
                return value;
            }
            add(open.peek(), key, value);
            key = null;
        }
    }

    @SuppressWarnings("unchecked")
    private static void add(Object container, String key, Object value) {
        if (container instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).put(key, value);
        } else {
            ((List<Object>) container).add(value);
        }
    }

    // ---- writing ----

    /** Appends {@code s} as a JSON string, escaped exactly as Jackson's writer escapes it. */
    static void writeString(StringBuilder out, String s) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, out);
        out.append('"');
    }

    /** " at byte N" (or " at character N" where the parser counts characters); empty where it knows neither. */
    private static String where(JsonLocation at) {
        if (at == null) {
            return "";
        }
        if (at.getByteOffset() >= 0) {
            return " at byte " + at.getByteOffset();
        }
        return at.getCharOffset() >= 0 ? " at character " + at.getCharOffset() : "";
    }
}
