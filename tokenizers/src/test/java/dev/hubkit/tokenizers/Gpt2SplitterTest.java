package dev.hubkit.tokenizers;

import dev.hubkit.tokenizers.pretokenizers.ByteLevelPreTokenizer;
import dev.hubkit.tokenizers.text.Gpt2Splitter;
import dev.hubkit.tokenizers.text.Patterns;
import dev.hubkit.tokenizers.text.SplitPattern;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written GPT-2 splitter gives exactly the regex's matches. */
class Gpt2SplitterTest {
    static final String[] POOL = {"a", "Z", "é", "ß", "你", "😀", "𠁬", "1", "٣", "½", "Ⅻ", " ", "  ", "\t", "\n", "\r\n",
        "\u00a0", "\u3000", "'", "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'x", ".", ",", "!", "-", "_",
        "\u0301", "\u200d", "$", "€", "\u2028", "\uFEFF"};

    @Test
    void matchesRegexOnRandomStrings() {
        SplitPattern regex = Patterns.regex(ByteLevelPreTokenizer.GPT2);
        Random r = new Random(42);
        for (int t = 0; t < 20_000; t++) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(12);
            for (int k = 0; k < len; k++) {
                sb.append(POOL[r.nextInt(POOL.length)]);
            }
            String s = sb.toString();
            assertThat(Gpt2Splitter.INSTANCE.findMatches(s)).as("input [%s]", s).containsExactly(regex.findMatches(s));
        }
    }
}
