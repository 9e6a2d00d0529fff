package dev.hubkit.converters.convert;

import dev.hubkit.core.config.PythonJson;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes JSON byte for byte as Python's {@code json.dumps(obj, indent=2, sort_keys=True)} does: keys sorted by
 * code point, {@code "key": value}, two-space indent, and every character outside printable ASCII escaped as
 * {@code \\uXXXX} (lower-case hex, UTF-16 surrogate pairs above U+FFFF), as {@code ensure_ascii} does.
 */
final class PyJson {
    private PyJson() {
    }

    /** {@code json.dumps(root, indent=2, sort_keys=True)}; values are {@link Map}s, {@link String}s and {@link Number}s. */
    static String dumps(Map<String, ?> root) {
        StringBuilder sb = new StringBuilder();
        value(sb, root, 0);
        return sb.toString();
    }

    private static void value(StringBuilder sb, Object v, int depth) {
        if (v instanceof Map<?, ?> m) {
            object(sb, m, depth);
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Long || v instanceof Integer) {
            sb.append(v);
        } else {
            throw new IllegalArgumentException("not a JSON value written here: " + v);
        }
    }

    private static void object(StringBuilder sb, Map<?, ?> m, int depth) {
        if (m.isEmpty()) {
            sb.append("{}");
            return;
        }
        Map<String, Object> sorted = new TreeMap<>(PythonJson::compareCodePoints);
        m.forEach((k, v) -> sorted.put((String) k, v));
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            sb.append(first ? "\n" : ",\n");
            first = false;
            sb.append("  ".repeat(depth + 1));
            string(sb, e.getKey());
            sb.append(": ");
            value(sb, e.getValue(), depth + 1);
        }
        sb.append('\n').append("  ".repeat(depth)).append('}');
    }

    private static void string(StringBuilder sb, String s) {
        sb.append(PythonJson.quote(s, true));
    }
}
