package dev.hubkit.runtime.pipeline;

import dev.hubkit.core.config.ModelConfig;

/** Turns logits into scores, chosen from the config as transformers' text-classification pipeline does. */
public enum ScoreFunction {
    /** Independent probabilities (multi-label, or a single logit). */
    SIGMOID,
    /** One distribution over all labels. */
    SOFTMAX,
    /** Raw logits (regression). */
    NONE;

    /**
     * As transformers' TextClassificationPipeline decides, in this order: {@code problem_type}
     * regression: none; multi_label_classification or one label: sigmoid; otherwise softmax.
     */
    public static ScoreFunction forConfig(ModelConfig config, int numLabels) {
        String problem = config.get("problem_type").filter(n -> n.isTextual()).map(n -> n.asText()).orElse("");
        if (problem.equals("regression")) {
            return NONE;
        }
        if (problem.equals("multi_label_classification") || numLabels == 1) {
            return SIGMOID;
        }
        return SOFTMAX;
    }

    /** Applies the function to {@code logits[offset, offset + n)}. */
    public double[] apply(float[] logits, int offset, int n) {
        double[] out = new double[n];
        switch (this) {
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    out[i] = 1.0 / (1.0 + Math.exp(-logits[offset + i]));
                }
            }
            case SOFTMAX -> {
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    max = Math.max(max, logits[offset + i]);
                }
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    out[i] = Math.exp(logits[offset + i] - max);
                    sum += out[i];
                }
                for (int i = 0; i < n; i++) {
                    out[i] /= sum;
                }
            }
            case NONE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = logits[offset + i];
                }
            }
            default -> throw new IllegalStateException();
        }
        return out;
    }

    /** Indices of the {@code k} largest scores, best first (ties: lower index first); k <= 0 means all. */
    public static int[] topK(double[] scores, int k) {
        int n = k <= 0 ? scores.length : Math.min(k, scores.length);
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(scores[b], scores[a]));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
