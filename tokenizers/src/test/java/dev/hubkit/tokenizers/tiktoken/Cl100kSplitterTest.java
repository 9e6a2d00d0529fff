package dev.hubkit.tokenizers.tiktoken;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The hand-written cl100k scanner splits exactly like the cl100k regex. */
class Cl100kSplitterTest {
    static List<String> byRegex(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = SplitPattern.CL100K.pattern().matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    static List<String> byScanner(String text) {
        List<String> out = new ArrayList<>();
        int s = 0;
        while (s < text.length()) {
            int e = Cl100kSplitter.matchEnd(text, s, text.length());
            out.add(text.substring(s, e));
            s = e;
        }
        return out;
    }

    @Test
    void sameSplitsAsRegex() {
        List<String> lines = new ArrayList<>(TiktokenParityTest.trickyLines(8_000));
        lines.addAll(TiktokenParityTest.europarl(2_000));
        for (String line : lines) {
            assertThat(byScanner(line)).as(TiktokenParityTest.escape(line)).isEqualTo(byRegex(line));
        }
    }

    @Test
    void examples() {
        assertThat(byScanner("Hello world's  \n\n  1234 (x)")).containsExactly("Hello", " world", "'s", "  \n\n",
                " ", " ", "123", "4", " (", "x", ")");
    }
}
