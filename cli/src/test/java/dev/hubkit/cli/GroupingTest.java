package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.cli.io.Grouping;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Grouping} writes what {@code String.format(locale, "%,d", n)} writes, for every locale. */
class GroupingTest {

    private static final List<Locale> LOCALES = List.of(Locale.ROOT, Locale.ENGLISH, Locale.US, Locale.UK,
            Locale.CANADA, Locale.forLanguageTag("en-AU"), Locale.forLanguageTag("en-NZ"),
            Locale.forLanguageTag("en-IE"), Locale.forLanguageTag("en-ZA"), Locale.forLanguageTag("en-CH"),
            Locale.forLanguageTag("en-IN"), Locale.forLanguageTag("en-US-u-nu-arab"), Locale.GERMANY, Locale.FRANCE,
            Locale.forLanguageTag("ar-EG"), Locale.forLanguageTag("hi-IN"), Locale.forLanguageTag("de-CH"));

    @Test
    void sameTextAsTheFormatterInEveryLocale() {
        SplittableRandom random = new SplittableRandom(7);
        long[] fixed = {0, 7, 999, 1000, 7104, 99_999, 100_000, 999_999, 1_000_000, 12_345_678_901L, Long.MAX_VALUE,
            -1, -1234, Long.MIN_VALUE};
        for (Locale locale : LOCALES) {
            for (long n : fixed) {
                assertThat(Grouping.grouped(n, locale)).as("%d in %s", n, locale)
                        .isEqualTo(String.format(locale, "%,d", n));
            }
            for (int i = 0; i < 200; i++) {
                long n = random.nextLong(0, 1L << random.nextInt(1, 63));
                assertThat(Grouping.grouped(n, locale)).as("%d in %s", n, locale)
                        .isEqualTo(String.format(locale, "%,d", n));
            }
        }
    }

    @Test
    void onlyEnglishAndRootLocalesTakeTheShortcut() {
        assertThat(Grouping.isPlain(Locale.US)).isTrue();
        assertThat(Grouping.isPlain(Locale.ROOT)).isTrue();
        assertThat(Grouping.isPlain(Locale.GERMANY)).isFalse();
        assertThat(Grouping.isPlain(Locale.forLanguageTag("en-ZA"))).isFalse();
        assertThat(Grouping.isPlain(Locale.forLanguageTag("en-US-u-nu-arab"))).isFalse();
    }
}
