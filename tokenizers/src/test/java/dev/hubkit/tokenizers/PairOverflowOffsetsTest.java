package dev.hubkit.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Code-point offsets of overflowing pair parts when no post-processor template sets their sequence ids (no
 * post-processor, or ByteLevel): the pair's tokens are still located in the pair text. Expected values are the
 * Rust library's char offsets (tokenizers 0.22.2) for the same file and inputs.
 */
class PairOverflowOffsetsTest {

    private static final String JSON = "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[],"
            + "\"normalizer\":null,\"pre_tokenizer\":{\"type\":\"WhitespaceSplit\"},\"post_processor\":null,"
            + "\"decoder\":null,\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"<unk>\":0,\"a\":1,\"b\":2,\"c\":3,"
            + "\"d\":4,\"\uD83D\uDE00\":5,\"x\":6,\"y\":7},\"unk_token\":\"<unk>\"}}";

    @Test
    void overflowingPairTokensAreOffsetInThePairText() {
        Tokenizer t = Tokenizer.fromJson(JSON)
                .withTruncation(new Truncation(4, Truncation.Strategy.LONGEST_FIRST, 0, Direction.RIGHT));
        String a = "a b c d";
        String b = "\uD83D\uDE00 x \uD83D\uDE00 y";
        Encoding e = t.encode(a, b, true);
        assertThat(e.ids()).containsExactly(1, 2, 5, 6);
        assertThat(e.codePointOffsets(a, b)).isDeepEqualTo(new int[][] {{0, 1}, {2, 3}, {0, 1}, {2, 3}});
        List<Encoding> over = e.overflowing();
        assertThat(over).hasSize(3);
        assertThat(over.get(0).ids()).containsExactly(3, 4, 5, 6);
        assertThat(over.get(0).codePointOffsets(a, b)).isDeepEqualTo(new int[][] {{4, 5}, {6, 7}, {0, 1}, {2, 3}});
        assertThat(over.get(1).ids()).containsExactly(3, 4, 5, 7);
        assertThat(over.get(1).codePointOffsets(a, b)).isDeepEqualTo(new int[][] {{4, 5}, {6, 7}, {4, 5}, {6, 7}});
        assertThat(over.get(2).ids()).containsExactly(1, 2, 5, 7);
        assertThat(over.get(2).codePointOffsets(a, b)).isDeepEqualTo(new int[][] {{0, 1}, {2, 3}, {4, 5}, {6, 7}});
    }

    /** A byte-level piece whose UTF-16 offsets fall between the surrogates of an emoji covers the whole emoji. */
    @Test
    void offsetsInsideASurrogatePairCoverTheWholeChar() {
        String text = "a \uD83D\uDE4E \uD83D\uDE4D";
        Encoding e = new Encoding(new int[] {1, 2, 3, 4}, new int[4], new String[] {"a", "\u0120\u00F0\u0141",
                "\u013B", "\u012F"}, new int[4], new int[] {0, 1, 3, 6}, new int[] {1, 4, 4, 6}, new int[4],
                new int[] {1, 1, 1, 1}, List.of(), Map.of());
        assertThat(e.codePointOffsets(text, null)).isDeepEqualTo(new int[][] {{0, 1}, {1, 3}, {2, 3}, {4, 5}});
    }
}
