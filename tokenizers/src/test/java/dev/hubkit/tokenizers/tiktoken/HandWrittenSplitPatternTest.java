package dev.hubkit.tokenizers.tiktoken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.tokenizers.parity.ParityCorpus;
import dev.hubkit.tokenizers.text.OnigRegex;
import dev.hubkit.tokenizers.text.Patterns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Differential test: the hand-written cl100k and o200k splitters give exactly the split positions of
 * java.util.regex with the same pattern, both as tiktoken compiles it and as the tokenizer.json reader
 * compiles it (Oniguruma translation), on the parity corpus, on tens of thousands of random strings over a
 * mixed alphabet, and on every code point in a few contexts.
 */
class HandWrittenSplitPatternTest {
    /** Letters (Lu, Ll, Lt, Lm, Lo, several scripts, supplementary), marks, numbers, apostrophes, spaces, symbols. */
    private static final String[] ALPHABET = {
        "a", "b", "e", "l", "s", "t", "r", "v", "m", "d", "x", "z", "A", "E", "L", "S", "T", "R", "V", "M", "D", "Z",
        "ß", "ſ", "ı", "İ", "\u212a", "é", "Ω", "ω", "Д", "д", "ǅ", "ǈ", "ǋ", "ǲ", "ᾈ", "ʰ", "ˆ", "ー", "々", "ㄱ",
        "日", "本", "ก", "א", "ب", "क", "\ud835\udd18", "\ud801\udc00", "\ud801\udc28", "\ud840\udc00",
        "\u0301", "\u0308", "\u0903", "\u20dd", "\u0e31", "\u093f", "\u200d", "\u200b",
        "0", "1", "9", "٣", "१", "①", "Ⅻ", "½", "\ud835\udfce",
        "'", "'", "'", "'s", "'S", "'t", "'T", "'re", "'RE", "'rE", "'ve", "'VE", "'m", "'M", "'ll", "'LL", "'lL",
        "'d", "'D", "'ſ", "'\u212a", "\u2019",
        ".", ",", "!", "?", "-", "/", "//", "\\", "(", ")", "<|", "|>", "@", "#", "$", "_", "+", "*", "~", "\u00a7",
        " ", " ", " ", "  ", "\t", "\r", "\n", "\r\n", "\n\n", "\u000b", "\f", "\u00a0", "\u2003", "\u3000",
        "\u0085", "\u2028", "\u2029", "\u180e",
        "😀", "👍🏽", "🇩🇪", "\ud83d", "\udc00", "\u0000", "\u007f", "\ufeff"};

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (HandWrittenSplitPattern p : HandWrittenSplitPattern.values()) {
            out.add(Arguments.of(p, SplitPattern.compile(p.regex()), "tiktoken flags"));
            out.add(Arguments.of(p, OnigRegex.compile(p.regex()), "tokenizer.json flags"));
        }
        return out.stream();
    }

    private static int[] byRegex(Pattern pattern, String text) {
        return Patterns.regex(pattern).findMatches(text);
    }

    private static void check(HandWrittenSplitPattern p, Pattern re, String text) {
        int[] expected = byRegex(re, text);
        int[] actual = p.findMatches(text);
        if (!Arrays.equals(expected, actual)) {
            assertThat(pieces(text, actual)).as(p + " on " + TiktokenParityTest.escape(text))
                    .isEqualTo(pieces(text, expected));
            assertThat(actual).as(p + " on " + TiktokenParityTest.escape(text)).isEqualTo(expected);
        }
    }

    private static List<String> pieces(String text, int[] triples) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < triples.length; i += 3) {
            out.add(TiktokenParityTest.escape(text.substring(triples[i], triples[i + 1])) + (triples[i + 2] == 1 ? "" : "(gap)"));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} vs {2}")
    @MethodSource("variants")
    void sameAsRegexOnParityCorpus(HandWrittenSplitPattern p, Pattern re, String flags) {
        for (String line : ParityCorpus.all()) {
            check(p, re, line);
        }
        for (String line : TiktokenParityTest.trickyLines(3_000)) {
            check(p, re, line);
        }
    }

    @ParameterizedTest(name = "{0} vs {2}")
    @MethodSource("variants")
    void sameAsRegexOnRandomStrings(HandWrittenSplitPattern p, Pattern re, String flags) {
        Random rnd = new Random(20261126L + p.ordinal());
        for (int n = 0; n < 30_000; n++) {
            StringBuilder sb = new StringBuilder();
            int k = 1 + rnd.nextInt(16);
            for (int i = 0; i < k; i++) {
                if (rnd.nextInt(12) == 0) {
                    sb.appendCodePoint(rnd.nextInt(4) == 0 ? rnd.nextInt(0x110000) : rnd.nextInt(0x3400));
                } else {
                    sb.append(ALPHABET[rnd.nextInt(ALPHABET.length)]);
                }
            }
            check(p, re, sb.toString());
        }
    }

    /** Every code point (surrogates included, as lone chars) next to letters, apostrophes, digits and spaces. */
    @ParameterizedTest(name = "{0} vs {2}")
    @MethodSource("variants")
    void sameAsRegexForEveryCodePoint(HandWrittenSplitPattern p, Pattern re, String flags) {
        for (int c = 0; c < 0x110000; c++) {
            String x = new String(Character.toChars(c));
            check(p, re, "A" + x + "b" + x + "'" + x + "1" + x + " " + x + "x\n" + x);
            if ((c & 7) == 0 || c < 0x3000) {
                check(p, re, x + "a'" + x + " " + x + x + "Ab" + x + "\n");
            }
        }
    }

    @Test
    void o200kExamples() {
        String text = "Hello WORLD's HTTPServer don'T  \n\n  12345 (x)/\n/ ǅungla";
        List<String> got = new ArrayList<>();
        int[] m = HandWrittenSplitPattern.O200K.findMatches(text);
        for (int i = 0; i < m.length; i += 3) {
            got.add(text.substring(m[i], m[i + 1]));
        }
        assertThat(got).containsExactly("Hello", " WORLD's", " HTTPServer", " don'T", "  \n\n", " ", " ", "123",
                "45", " (", "x", ")/\n/", " ǅungla");
    }

    @Test
    void huggingFaceCl100kDiffersFromTiktokenOnlyAtTrailingNewlines() {
        String text = "x \n ";
        assertThat(HandWrittenSplitPattern.CL100K_TIKTOKEN.findMatches(text)).containsExactly(0, 1, 1, 1, 4, 1);
        assertThat(HandWrittenSplitPattern.CL100K_HUGGING_FACE.findMatches(text))
                .containsExactly(0, 1, 1, 1, 3, 1, 3, 4, 1);
    }

    @Test
    void recognisesOnlyTheExactRegexText() {
        assertThat(HandWrittenSplitPattern.forRegex(TiktokenToTokenizerJson.CL100K_REGEX))
                .contains(HandWrittenSplitPattern.CL100K_HUGGING_FACE);
        assertThat(HandWrittenSplitPattern.forRegex(SplitPattern.O200K.regex())).contains(HandWrittenSplitPattern.O200K);
        assertThat(HandWrittenSplitPattern.forRegex(SplitPattern.CL100K.regex()))
                .contains(HandWrittenSplitPattern.CL100K_TIKTOKEN);
        assertThat(HandWrittenSplitPattern.forRegex(SplitPattern.O200K.regex() + "|x")).isEmpty();
        assertThat(HandWrittenSplitPattern.forRegex(SplitPattern.R50K.regex())).isEmpty();
        assertThat(HandWrittenSplitPattern.O200K.findMatches("")).containsExactly(0, 0, 0);
    }

    /** The matcher the splitters replace must itself see the patterns as covering every character. */
    @Test
    void regexCoversEveryCharacter() {
        Matcher m = SplitPattern.O200K.pattern().matcher("a\u0000\ud83d b");
        int end = 0;
        while (m.find()) {
            assertThat(m.start()).isEqualTo(end);
            end = m.end();
        }
        assertThat(end).isEqualTo(5);
    }
}
