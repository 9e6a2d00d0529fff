package dev.hubkit.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.core.config.ModelConfig;
import org.junit.jupiter.api.Test;

/** The score function transformers' text-classification pipeline picks from problem_type and the label count. */
class ScoreFunctionTest {

    private static ModelConfig config(String problemType) {
        String extra = problemType == null ? "" : ", \"problem_type\": \"" + problemType + "\"";
        return ModelConfig.fromJson("{\"model_type\": \"bert\"" + extra + "}", "test");
    }

    @Test
    void followsTransformersOrderOfRules() {
        assertThat(ScoreFunction.forConfig(config("regression"), 1)).isEqualTo(ScoreFunction.NONE);
        assertThat(ScoreFunction.forConfig(config("regression"), 3)).isEqualTo(ScoreFunction.NONE);
        assertThat(ScoreFunction.forConfig(config("multi_label_classification"), 3)).isEqualTo(ScoreFunction.SIGMOID);
        assertThat(ScoreFunction.forConfig(config(null), 1)).isEqualTo(ScoreFunction.SIGMOID);
        assertThat(ScoreFunction.forConfig(config("single_label_classification"), 1)).isEqualTo(ScoreFunction.SIGMOID);
        assertThat(ScoreFunction.forConfig(config("single_label_classification"), 4)).isEqualTo(ScoreFunction.SOFTMAX);
        assertThat(ScoreFunction.forConfig(config(null), 2)).isEqualTo(ScoreFunction.SOFTMAX);
    }

    @Test
    void softmaxAndSigmoidValues() {
        float[] logits = {0f, 1f, 2f, 0f};
        double[] soft = ScoreFunction.SOFTMAX.apply(logits, 0, 3);
        double z = 1 + Math.E + Math.exp(2);
        assertThat(soft).containsExactly(new double[] {1 / z, Math.E / z, Math.exp(2) / z}, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ScoreFunction.SIGMOID.apply(logits, 1, 1)[0]).isCloseTo(1 / (1 + Math.exp(-1)), org.assertj.core.data.Offset.offset(1e-12));
    }
}
