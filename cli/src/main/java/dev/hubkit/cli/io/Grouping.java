package dev.hubkit.cli.io;

import java.util.Locale;
import java.util.Set;

/**
 * Numbers with thousands separators, exactly as {@code String.format("%,d", n)} writes them in the default
 * format locale. {@link java.util.Formatter} loads the locale's number-format data for that (tens of
 * milliseconds of a command's start-up); for the locales whose data is known to say ASCII digits and
 * {@code ','} every three digits (English ones, the root locale) this writes the same text without it,
 * and asks the Formatter for every other locale.
 */
public final class Grouping {

    /** Countries whose English locale groups with ',' in threes (CLDR and the JDK's COMPAT data agree). */
    private static final Set<String> PLAIN_ENGLISH = Set.of("", "US", "GB", "CA", "AU", "NZ", "IE");

    private Grouping() {
    }

    /**
     * Whether the default format locale writes numbers with ASCII digits and groups them with ',' in threes,
     * so that {@code %d} is {@link Long#toString(long)} and {@code %,d} is {@link #grouped(long)}.
     */
    public static boolean isPlain() {
        return isPlain(Locale.getDefault(Locale.Category.FORMAT));
    }

    /** {@code n} as {@code String.format("%,d", n)} writes it in the default format locale. */
    public static String grouped(long n) {
        return grouped(n, Locale.getDefault(Locale.Category.FORMAT));
    }

    /** {@code n} as {@code String.format(locale, "%,d", n)} writes it. */
    public static String grouped(long n, Locale locale) {
        if (n < 0 || !isPlain(locale)) {
            return String.format(locale, "%,d", n);
        }
        String digits = Long.toString(n);
        int first = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3);
        out.append(digits, 0, first);
        for (int i = first; i < digits.length(); i += 3) {
            out.append(',').append(digits, i, i + 3);
        }
        return out.toString();
    }

    /** Whether {@code locale} writes ASCII digits grouped with ',' in threes (see {@link #isPlain()}). */
    public static boolean isPlain(Locale locale) {
        if (locale.hasExtensions() || !locale.getVariant().isEmpty() || !locale.getScript().isEmpty()) {
            return false;
        }
        String language = locale.getLanguage();
        return language.isEmpty() ? locale.getCountry().isEmpty()
                : language.equals("en") && PLAIN_ENGLISH.contains(locale.getCountry());
    }
}
