package dev.hubkit.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Aggregation rules of transformers' TokenClassificationPipeline, on hand-made scores whose
 * expected results follow from the rules: "Enrique lives in New Yorkshire" tokenized as
 * en ##rique | lives | in | new | york ##shire.
 */
class TokenAggregatorTest {
    private static final Map<Integer, String> LABELS = Map.of(0, "O", 1, "B-PER", 2, "I-PER", 3, "B-LOC", 4, "I-LOC");
    private static final String[] PIECES = {"en", "##rique", "lives", "in", "new", "york", "##shire"};
    private static final int[][] SPANS = {{0, 2}, {2, 7}, {8, 13}, {14, 16}, {17, 20}, {21, 25}, {25, 30}};
    private static final boolean[] SUBWORD = {false, true, false, false, false, false, true};

    private final TokenAggregator aggregator = new TokenAggregator(LABELS, TokenAggregatorTest::decode, Set.of("O"));

    /** The WordPiece decoder as the Rust library applies it (convert_tokens_to_string of BERT tokenizers). */
    private static String decode(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            String p = tokens.get(i);
            if (i == 0) {
                sb.append(p);
            } else if (p.startsWith("##")) {
                sb.append(p.substring(2));
            } else {
                sb.append(' ').append(p);
            }
        }
        return sb.toString();
    }

    private static double[] dist(double... p) {
        return p;
    }

    private static List<TokenAggregator.Token> tokens(double[]... scores) {
        List<TokenAggregator.Token> out = new java.util.ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            out.add(new TokenAggregator.Token(i + 1, PIECES[i], SPANS[i][0], SPANS[i][1], scores[i], SUBWORD[i]));
        }
        return out;
    }

    // en: B-PER .9 | ##rique: I-LOC .6 (disagrees) | lives: O | in: O | new: B-LOC .8 | york: I-LOC .7 | ##shire: O .5 / I-LOC .4
    private final List<TokenAggregator.Token> sample = tokens(
            dist(0.05, 0.90, 0.03, 0.01, 0.01),
            dist(0.05, 0.05, 0.30, 0.00, 0.60),
            dist(0.97, 0.01, 0.01, 0.01, 0.00),
            dist(0.97, 0.01, 0.01, 0.00, 0.01),
            dist(0.10, 0.05, 0.00, 0.80, 0.05),
            dist(0.10, 0.05, 0.05, 0.10, 0.70),
            dist(0.50, 0.05, 0.00, 0.05, 0.40));

    private static String summary(List<Entity> es) {
        return es.stream().map(e -> e.label() + ":" + e.word() + "@" + e.start() + "-" + e.end())
                .collect(Collectors.joining(", "));
    }

    @Test
    void noneKeepsEveryNonOToken() {
        List<Entity> es = aggregator.aggregate(sample, Aggregation.NONE);
        assertThat(summary(es)).isEqualTo("B-PER:en@0-2, I-LOC:##rique@2-7, B-LOC:new@17-20, I-LOC:york@21-25");
        assertThat(es.get(0).score()).isEqualTo(0.90);
        assertThat(es.get(0).index()).isEqualTo(1);
    }

    @Test
    void simpleGroupsTokensByTagAndMayCutWords() {
        List<Entity> es = aggregator.aggregate(sample, Aggregation.SIMPLE);
        // ##rique (I-LOC) cannot join B-PER, so the word is split (and keeps its ## as in transformers);
        // ##shire is O and ends the LOC group.
        assertThat(summary(es)).isEqualTo("PER:en@0-2, LOC:##rique@2-7, LOC:new york@17-25");
        assertThat(es.get(2).score()).isCloseTo((0.80 + 0.70) / 2, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void firstUsesTheFirstTokenOfEachWord() {
        List<Entity> es = aggregator.aggregate(sample, Aggregation.FIRST);
        assertThat(summary(es)).isEqualTo("PER:enrique@0-7, LOC:new yorkshire@17-30");
        assertThat(es.get(0).score()).isEqualTo(0.90);
        assertThat(es.get(1).score()).isCloseTo((0.80 + 0.70) / 2, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void maxUsesTheMostConfidentToken() {
        // enrique: en (.90) beats ##rique (.60) -> B-PER; yorkshire: york (.70) beats ##shire (.50) -> I-LOC
        List<Entity> es = aggregator.aggregate(sample, Aggregation.MAX);
        assertThat(summary(es)).isEqualTo("PER:enrique@0-7, LOC:new yorkshire@17-30");
    }

    @Test
    void averageAveragesScoresOverTheWord() {
        // enrique: avg = [.05,.475,.165,.005,.305] -> B-PER .475; yorkshire: avg = [.30,.05,.025,.075,.55] -> I-LOC .55
        List<Entity> es = aggregator.aggregate(sample, Aggregation.AVERAGE);
        assertThat(summary(es)).isEqualTo("PER:enrique@0-7, LOC:new yorkshire@17-30");
        assertThat(es.get(0).score()).isCloseTo(0.475, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(es.get(1).score()).isCloseTo((0.80 + 0.55) / 2, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void averageCanFlipAWordToO() {
        List<TokenAggregator.Token> t = tokens(
                dist(0.05, 0.90, 0.03, 0.01, 0.01), dist(0.05, 0.05, 0.30, 0.00, 0.60), dist(0.97, 0.01, 0.01, 0.01, 0.00),
                dist(0.97, 0.01, 0.01, 0.00, 0.01), dist(0.10, 0.05, 0.00, 0.80, 0.05), dist(0.30, 0.05, 0.05, 0.10, 0.50),
                dist(0.90, 0.05, 0.00, 0.05, 0.00));
        // yorkshire: avg O = .60 > I-LOC .25 -> O (dropped); "new" stays B-LOC on its own.
        assertThat(summary(aggregator.aggregate(t, Aggregation.AVERAGE))).isEqualTo("PER:enrique@0-7, LOC:new@17-20");
    }

    @Test
    void bStartsANewGroupEvenWithTheSameTag() {
        List<TokenAggregator.Token> t = tokens(
                dist(0, 0, 0, 0.9, 0.1), dist(0, 0, 0, 0.2, 0.8), dist(0, 0, 0, 0.9, 0.1),
                dist(1, 0, 0, 0, 0), dist(0, 0, 0, 0.9, 0.1), dist(0, 0, 0, 0.1, 0.9), dist(0, 0, 0, 0.1, 0.9));
        assertThat(summary(aggregator.aggregate(t, Aggregation.SIMPLE)))
                .isEqualTo("LOC:enrique@0-7, LOC:lives@8-13, LOC:new yorkshire@17-30");
    }
}
