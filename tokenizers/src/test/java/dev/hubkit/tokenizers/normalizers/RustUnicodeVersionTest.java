package dev.hubkit.tokenizers.normalizers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.tokenizers.text.NormalizedString;
import java.text.Normalizer.Form;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Characters where the Rust library's Unicode tables (older than Java 17's for normalization and categories,
 * newer for lowercase) give another result than Java's: U+32FF SQUARE ERA NAME REIWA and other late
 * compatibility characters are not decomposed, late marks such as U+0D3C are starters that StripAccents and
 * BertNormalizer keep, late format characters survive BERT cleaning, and Unicode 14-16 capitals are lowercased.
 * Expected values are the Rust library's own (tokenizers 0.22.2 and 0.23.2 agree).
 */
class RustUnicodeVersionTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new UnicodeNormalizer(Form.NFKC), "\u2460\u32FF\uD83C\uDD6C\uD83E\uDFF1",
                        "1\u32FF\uD83C\uDD6C\uD83E\uDFF1"),
                Arguments.of(new UnicodeNormalizer(Form.NFKD), "\uAB69\u32FF", "\uAB69\u32FF"),
                Arguments.of(new UnicodeNormalizer(Form.NFD), "\uD806\uDD38a\u0345\u0D3C", "\uD806\uDD38a\u0345\u0D3C"),
                Arguments.of(new UnicodeNormalizer(Form.NFC), "e\u0345\u0D3C\u0301", "e\u0345\u0D3C\u0301"),
                Arguments.of(new StripAccents(), "a\u0D3C\u0D00b\u0301", "a\u0D3C\u0D00b"),
                Arguments.of(new BertNormalizer(true, true, null, true), "A\u0890\u2C2F\u0D3C\u00E9",
                        "a\u0890\u2C5F\u0D3Ce"),
                Arguments.of(new BertNormalizer(true, true, null, false), "x\u0890\uD80D\uDC30y",
                        "x\u0890\uD80D\uDC30y"),
                Arguments.of(new Lowercase(), "\u2C2F\uA7C0\uD801\uDD70\u1C89", "\u2C5F\uA7C1\uD801\uDD97\u1C8A"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void normalizesAsTheRustLibrary(Normalizer normalizer, String input, String expected) {
        NormalizedString s = NormalizedString.of(input);
        normalizer.normalize(s);
        assertThat(s.get()).isEqualTo(expected);
    }
}
