package dev.hubkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Map;

/**
 * Serialises JSON exactly like Python's {@code json.dumps(obj, indent=2) + "\n"}, which is what
 * transformers' {@code to_json_string} and {@code save_pretrained} write: 2-space indent, {@code ": "}
 * and {@code ","} separators, floats in Python {@code repr} form ({@code 1e-12}, {@code 10000.0},
 * {@code 1e-05}), keys in the node's own order, and a trailing newline. Numbers read from a file by
 * hubkit keep their original spelling, so an unchanged file is written back byte for byte.
 */
public final class PythonJson {

    private static final String HEX = "0123456789abcdef";

    private PythonJson() {
    }

    /**
     * Serialises {@code node}.
     *
     * @param ensureAscii escape every non-ASCII character as {@code \\uXXXX} (Python's default, used for
     *                    {@code config.json}); {@code false} writes them as UTF-8 (used for tokenizer files)
     */
    public static String toJsonString(JsonNode node, boolean ensureAscii) {
        StringBuilder sb = new StringBuilder(1024);
        write(sb, node, 0, ensureAscii);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, JsonNode node, int level, boolean ascii) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                if (node.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                sb.append('{');
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                boolean first = true;
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    sb.append(first ? "\n" : ",\n");
                    first = false;
                    indent(sb, level + 1);
                    string(sb, e.getKey(), ascii);
                    sb.append(": ");
                    write(sb, e.getValue(), level + 1, ascii);
                }
                sb.append('\n');
                indent(sb, level);
                sb.append('}');
            }
            case ARRAY -> {
                if (node.isEmpty()) {
                    sb.append("[]");
                    return;
                }
                sb.append('[');
                boolean first = true;
                for (JsonNode item : node) {
                    sb.append(first ? "\n" : ",\n");
                    first = false;
                    indent(sb, level + 1);
                    write(sb, item, level + 1, ascii);
                }
                sb.append('\n');
                indent(sb, level);
                sb.append(']');
            }
            case STRING -> string(sb, node.textValue(), ascii);
            case NUMBER -> {
                if (node instanceof SourceDoubleNode src) {
                    sb.append(src.sourceText());
                } else if (node.isFloatingPointNumber()) {
                    sb.append(node.isBigDecimal() ? pyRepr(node.decimalValue().doubleValue()) : pyRepr(node.doubleValue()));
                } else {
                    sb.append(node.bigIntegerValue());
                }
            }
            case BOOLEAN -> sb.append(node.booleanValue() ? "true" : "false");
            case NULL, MISSING -> sb.append("null");
            default -> throw new IllegalArgumentException("cannot serialise JSON node of type " + node.getNodeType());
        }
    }

    private static void indent(StringBuilder sb, int level) {
        for (int i = 0; i < level; i++) {
            sb.append("  ");
        }
    }

    /** {@code s} as a JSON string the way {@code json.dumps} writes it ({@code ensureAscii}: Python's default). */
    public static String quote(String s, boolean ensureAscii) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        string(sb, s, ensureAscii);
        return sb.toString();
    }

    /**
     * Python's order of {@code str} values (and {@code sort_keys}): by code point, which is also the order of
     * their UTF-8 bytes, unlike {@link String#compareTo}'s UTF-16 order above U+FFFF.
     */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static void string(StringBuilder sb, String s, boolean ascii) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || (ascii && c > 0x7e)) {
                        sb.append("\\u").append(HEX.charAt((c >> 12) & 0xf)).append(HEX.charAt((c >> 8) & 0xf))
                                .append(HEX.charAt((c >> 4) & 0xf)).append(HEX.charAt(c & 0xf));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /**
     * Python's {@code repr(float)}: the shortest decimal that reads back as the same double, in fixed
     * notation when the decimal exponent is in [-4, 16) and as {@code 1e-05} / {@code 1.5e+16} otherwise.
     * Non-finite values are written as Python's json module does ({@code NaN}, {@code Infinity}).
     */
    public static String pyRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = exact;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == d) {
                shortest = r;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int sciExp = digits.length() - 1 - shortest.scale();
        StringBuilder sb = new StringBuilder(24);
        if (d < 0) {
            sb.append('-');
        }
        if (sciExp >= -4 && sciExp < 16) {
            if (sciExp < 0) {
                sb.append("0.");
                sb.append("0".repeat(-sciExp - 1));
                sb.append(digits);
            } else if (digits.length() <= sciExp + 1) {
                sb.append(digits).append("0".repeat(sciExp + 1 - digits.length())).append(".0");
            } else {
                sb.append(digits, 0, sciExp + 1).append('.').append(digits, sciExp + 1, digits.length());
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(sciExp < 0 ? '-' : '+');
            int abs = Math.abs(sciExp);
            if (abs < 10) {
                sb.append('0');
            }
            sb.append(abs);
        }
        return sb.toString();
    }
}
