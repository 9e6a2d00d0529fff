package dev.hubkit.hub;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints byte sizes such as {@code 10G}, {@code 500MB}, {@code 1.5GiB} (powers of 1024). */
public final class ByteSizes {

    private static final Pattern SIZE = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([KMGT]?)(?:I?B)?\\s*");

    private ByteSizes() {
    }

    /** Parses a size; {@code K}, {@code M}, {@code G}, {@code T} are powers of 1024. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new HubException("'" + text + "' is not a size: write e.g. 500M, 10G or 1048576");
        }
        double v = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        return (long) (v * (1L << shift));
    }

    /**
     * As huggingface_hub's {@code _format_size} prints sizes ({@code hf cache ls}): powers of 1000, one decimal
     * rounded half-even on the exact value as Python's {@code format} does, e.g. {@code 11.5M}, {@code 5.0}.
     */
    public static String formatDecimal(long bytes) {
        String[] units = {"", "K", "M", "G", "T", "P", "E", "Z"};
        double v = bytes;
        for (String unit : units) {
            if (Math.abs(v) < 1000.0) {
                return oneDecimal(v) + unit;
            }
            v /= 1000.0;
        }
        return oneDecimal(v) + "Y";
    }

    private static String oneDecimal(double v) {
        return new java.math.BigDecimal(v).setScale(1, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Human form, e.g. {@code 1.5G}. */
    public static String format(long bytes) {
        String[] units = {"B", "K", "M", "G", "T"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + "B" : String.format(Locale.ROOT, "%.1f%s", v, units[u]);
    }
}
