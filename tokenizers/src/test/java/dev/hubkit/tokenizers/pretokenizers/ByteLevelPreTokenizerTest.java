package dev.hubkit.tokenizers.pretokenizers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.tokenizers.text.ByteLevelAlphabet;
import dev.hubkit.tokenizers.text.Gpt2Splitter;
import dev.hubkit.tokenizers.text.NormalizedString;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import dev.hubkit.tokenizers.text.SplitBehavior;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte-level pre-tokenizer maps each piece to bytes once and then cuts it; this checks that it gives
 * exactly the pieces and alignments of the straightforward way (split, then map every piece on its own).
 */
class ByteLevelPreTokenizerTest {
    private static final String[] PARTS = {"Hello", " world", "'s", "'ll", " ", "  ", "\n", "\t", "42", " 7",
        "élan", " Ünïcödé", "日本語", " 😀", "👍🏽", "\uD800", "\uDC00", "x\uD83D", "!?", " ...", "\u00A0", "\u3000",
        "\u0301", "Ⅻ", "٣", " ok", "A\u0300", "\r\n", "Ωμέγα"};

    @Test
    void sameAsSplittingThenMappingEachPiece() {
        Random random = new Random(42);
        List<String> inputs = new ArrayList<>(List.of("", " ", "Hello world", "😀", "\uD800", "a\uDC00b", "  x  ",
            "I'll be back's", "日本語のテキスト 123 !!!"));
        for (int i = 0; i < 400; i++) {
            StringBuilder sb = new StringBuilder();
            int parts = 1 + random.nextInt(12);
            for (int k = 0; k < parts; k++) {
                sb.append(PARTS[random.nextInt(PARTS.length)]);
            }
            inputs.add(sb.toString());
        }
        for (boolean prefixSpace : new boolean[] {false, true}) {
            for (boolean useRegex : new boolean[] {true, false}) {
                ByteLevelPreTokenizer pt = new ByteLevelPreTokenizer(prefixSpace, true, useRegex);
                for (String input : inputs) {
                    PreTokenizedString actual = new PreTokenizedString(input);
                    pt.preTokenize(actual);
                    PreTokenizedString expected = new PreTokenizedString(input);
                    reference(expected, prefixSpace, useRegex);
                    assertThat(describe(actual)).as("input %s, prefix %s, regex %s", escape(input), prefixSpace,
                        useRegex).isEqualTo(describe(expected));
                }
            }
        }
    }

    /** The plain pipeline: prefix space, GPT-2 split, then every piece mapped to byte-level chars. */
    private static void reference(PreTokenizedString s, boolean prefixSpace, boolean useRegex) {
        s.split(ns -> {
            if (prefixSpace && !ns.get().startsWith(" ")) {
                ns.prepend(" ");
            }
            return useRegex ? ns.split(Gpt2Splitter.INSTANCE, SplitBehavior.ISOLATED) : List.of(ns);
        });
        s.normalize(ByteLevelAlphabet::toByteLevel);
    }

    /** Every piece's text, covered original range, and the original range of every unit. */
    private static List<String> describe(PreTokenizedString s) {
        List<String> out = new ArrayList<>();
        for (PreTokenizedString.Split split : s.splits()) {
            NormalizedString ns = split.normalized();
            StringBuilder sb = new StringBuilder(escape(ns.get())).append(" [").append(ns.originalStart()).append(',')
                .append(ns.originalEnd()).append(")");
            for (int i = 0; i < ns.length(); i++) {
                sb.append(' ').append(ns.originalStartOf(i, i + 1)).append('-').append(ns.originalEndOf(i, i + 1));
            }
            for (int i = 0; i + 2 <= ns.length(); i++) {
                sb.append(" /").append(ns.originalStartOf(i, i + 2)).append('-').append(ns.originalEndOf(i, i + 2));
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x7F && c >= 0x20 ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return sb.toString();
    }
}
