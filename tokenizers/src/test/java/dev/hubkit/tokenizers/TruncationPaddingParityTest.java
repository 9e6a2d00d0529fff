package dev.hubkit.tokenizers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Truncation (strategies, stride, overflowing) and padding against the Rust library, on the real BERT file. */
class TruncationPaddingParityTest {
    @TempDir
    static Path dir;
    static Path json;
    static Tokenizer base;

    static final String A = "The quick brown fox jumps over the lazy dog near the riverbank today.";
    static final String B = "A short pair sentence, with commas and tokenization.";

    @BeforeAll
    static void setUp() throws Exception {
        json = DjlOracle.resourceToFile("all-minilm-l6-v2-q-tokenizer.json", dir);
        base = Tokenizer.fromFile(json).withPadding(null).withTruncation(null);
    }

    static void same(ai.djl.huggingface.tokenizers.Encoding d, Encoding e, String ctx) {
        assertThat(e.tokens()).as(ctx).containsExactly(d.getTokens());
        assertThat(DjlOracle.toInt(d.getIds())).as(ctx).containsExactly(e.ids());
        assertThat(DjlOracle.toInt(d.getTypeIds())).as(ctx + " type").containsExactly(e.typeIds());
        assertThat(DjlOracle.toInt(d.getAttentionMask())).as(ctx + " mask").containsExactly(e.attentionMask());
        assertThat(DjlOracle.toInt(d.getSpecialTokenMask())).as(ctx + " special").containsExactly(e.specialTokensMask());
        assertThat(DjlOracle.toInt(d.getWordIds())).as(ctx + " words").containsExactly(e.wordIds());
        assertThat(DjlOracle.toInt(d.getSequenceIds())).as(ctx + " seq").containsExactly(e.sequenceIds());
        ai.djl.huggingface.tokenizers.Encoding[] dOver = d.getOverflowing();
        assertThat(e.overflowing()).as(ctx + " overflowing count").hasSize(dOver == null ? 0 : dOver.length);
        for (int i = 0; i < e.overflowing().size(); i++) {
            Encoding o = e.overflowing().get(i);
            assertThat(o.tokens()).as(ctx + " overflow " + i).containsExactly(dOver[i].getTokens());
            assertThat(DjlOracle.toInt(dOver[i].getTypeIds())).as(ctx + " overflow type " + i)
                    .containsExactly(o.typeIds());
            assertThat(DjlOracle.toInt(dOver[i].getAttentionMask())).as(ctx + " overflow mask " + i)
                    .containsExactly(o.attentionMask());
        }
    }

    void compare(Map<String, String> opts, Truncation t, Padding p) throws Exception {
        Tokenizer ours = base.withTruncation(t).withPadding(p);
        try (HuggingFaceTokenizer djl = HuggingFaceTokenizer.newInstance(json, opts)) {
            for (boolean special : List.of(true, false)) {
                same(djl.encode(A, special, true), ours.encode(A, special), opts + " single " + special);
                if (t == null || t.strategy() != Truncation.Strategy.ONLY_SECOND) {
                    same(djl.encode(A, B, special, true), ours.encode(A, B, special), opts + " pair " + special);
                    same(djl.encode(B, A, special, true), ours.encode(B, A, special), opts + " pair2 " + special);
                }
            }
        }
    }

    @Test
    void longestFirstWithStride() throws Exception {
        compare(Map.of("truncation", "longest_first", "maxLength", "14", "stride", "1", "padding", "false",
                "addSpecialTokens", "true"), new Truncation(14, Truncation.Strategy.LONGEST_FIRST, 1, Direction.RIGHT),
                null);
        compare(Map.of("truncation", "longest_first", "maxLength", "9", "stride", "0", "padding", "false",
                "addSpecialTokens", "true"), new Truncation(9, Truncation.Strategy.LONGEST_FIRST, 0, Direction.RIGHT),
                null);
    }

    /** A max_length below the special-token count wraps around in the Rust library: nothing is truncated. */
    @Test
    void maxLengthBelowSpecialTokenCount() throws Exception {
        compare(Map.of("truncation", "longest_first", "maxLength", "1", "padding", "false"),
                new Truncation(1, Truncation.Strategy.LONGEST_FIRST, 0, Direction.RIGHT), null);
        compare(Map.of("truncation", "longest_first", "maxLength", "2", "padding", "false"),
                new Truncation(2, Truncation.Strategy.LONGEST_FIRST, 0, Direction.RIGHT), null);
        assertThat(base.withTruncation(new Truncation(1, Truncation.Strategy.LONGEST_FIRST, 0, Direction.RIGHT))
                .encode(A, B, true).ids()).containsExactly(base.encode(A, B, true).ids());
    }

    @Test
    void onlyFirstAndSecond() throws Exception {
        compare(Map.of("truncation", "only_first", "maxLength", "20", "stride", "1", "padding", "false"),
                new Truncation(20, Truncation.Strategy.ONLY_FIRST, 1, Direction.RIGHT), null);
    }

    @Test
    void paddingFixedAndMultiple() throws Exception {
        compare(Map.of("truncation", "false", "padding", "max_length", "maxLength", "40"), null,
                new Padding(Padding.Strategy.FIXED, 40, Direction.RIGHT, null, 0, 0, "[PAD]"));
        compare(Map.of("truncation", "false", "padding", "longest", "padToMultipleOf", "8"), null,
                new Padding(Padding.Strategy.BATCH_LONGEST, 0, Direction.RIGHT, 8, 0, 0, "[PAD]"));
    }

    @Test
    void batchLongestPadding() throws Exception {
        Tokenizer ours = base.withPadding(Padding.batchLongest(0, "[PAD]"));
        List<String> texts = List.of(A, B, "tiny", "");
        try (HuggingFaceTokenizer djl = HuggingFaceTokenizer.newInstance(json,
                Map.of("truncation", "false", "padding", "longest"))) {
            ai.djl.huggingface.tokenizers.Encoding[] d = djl.batchEncode(texts, true, false);
            List<Encoding> e = ours.encodeBatch(texts, true);
            for (int i = 0; i < d.length; i++) {
                same(d[i], e.get(i), "batch " + i);
            }
            List<String> seconds = List.of(B, A, "x", "y");
            ai.djl.huggingface.tokenizers.Encoding[] dp = djl.batchEncode(
                    new ai.djl.util.PairList<>(texts, seconds), true, false);
            List<Encoding> ep = ours.encodePairBatch(texts, seconds, true);
            for (int i = 0; i < dp.length; i++) {
                same(dp[i], ep.get(i), "pair batch " + i);
            }
        }
    }

    @Test
    void leftTruncationAndPadding() {
        Tokenizer t = base.withTruncation(new Truncation(5, Truncation.Strategy.LONGEST_FIRST, 1, Direction.LEFT))
                .withPadding(new Padding(Padding.Strategy.FIXED, 7, Direction.LEFT, null, 0, 0, "[PAD]"));
        Encoding e = t.encode("one two three four five six");
        assertThat(e.tokens()).containsExactly("[PAD]", "[PAD]", "[CLS]", "four", "five", "six", "[SEP]");
        assertThat(e.attentionMask()).containsExactly(0, 0, 1, 1, 1, 1, 1);
        assertThat(e.specialTokensMask()).containsExactly(1, 1, 1, 0, 0, 0, 1);
        assertThat(e.sequenceIds()).containsExactly(-1, -1, -1, 0, 0, 0, -1);
        assertThat(e.overflowing()).hasSize(2);
        assertThat(e.overflowing().get(0).tokens()).containsExactly("[PAD]", "[PAD]", "[CLS]", "two", "three",
                "four", "[SEP]");
        assertThat(e.overflowing().get(1).tokens()).containsExactly("[PAD]", "[PAD]", "[PAD]", "[CLS]", "one", "two",
                "[SEP]");
    }
}
