package dev.hubkit.runtime.pipeline;

import java.nio.FloatBuffer;
import java.util.Locale;

/** How token vectors become one sentence vector. */
public enum Pooling {
    /** The first token's ([CLS]) vector. */
    CLS,
    /** Mean over real tokens (attention mask 1), as sentence-transformers computes it. */
    MEAN,
    /** Element-wise max over real tokens. */
    MAX;

    /** Parses "cls", "mean" or "max". */
    public static Pooling parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown pooling '" + s + "'; use cls, mean or max", e);
        }
    }

    /**
     * Pools rows {@code [0, length)} of a {@code [seq, hidden]} block inside {@code data}.
     *
     * @param data   hidden states of a batch, row-major {@code [batch, seq, hidden]}
     * @param offset index of this sequence's first element
     * @param length number of real tokens (rows with attention mask 1 come first)
     * @param mask   attention mask of this sequence (length {@code >= length})
     * @param hidden hidden size
     */
    public float[] pool(float[] data, int offset, int length, int[] mask, int hidden) {
        return pool(FloatBuffer.wrap(data), offset, length, mask, hidden);
    }

    /**
     * Pools rows {@code [0, length)} of a {@code [seq, hidden]} block inside {@code data} (absolute
     * positions; the buffer's position and limit are left alone), with the same arithmetic as the
     * array form. The result is a new array.
     */
    public float[] pool(FloatBuffer data, int offset, int length, int[] mask, int hidden) {
        float[] out = new float[hidden];
        switch (this) {
            case CLS -> data.get(offset, out, 0, hidden);
            case MEAN -> {
                double[] sum = new double[hidden];
                int count = 0;
                for (int t = 0; t < length; t++) {
                    if (mask[t] == 0) {
                        continue;
                    }
                    count++;
                    int base = offset + t * hidden;
                    for (int h = 0; h < hidden; h++) {
                        sum[h] += data.get(base + h);
                    }
                }
                double denom = Math.max(count, 1e-9);
                for (int h = 0; h < hidden; h++) {
                    out[h] = (float) (sum[h] / denom);
                }
            }
            case MAX -> {
                java.util.Arrays.fill(out, Float.NEGATIVE_INFINITY);
                boolean any = false;
                for (int t = 0; t < length; t++) {
                    if (mask[t] == 0) {
                        continue;
                    }
                    any = true;
                    int base = offset + t * hidden;
                    for (int h = 0; h < hidden; h++) {
                        out[h] = Math.max(out[h], data.get(base + h));
                    }
                }
                if (!any) {
                    java.util.Arrays.fill(out, 0f);
                }
            }
            default -> throw new IllegalStateException();
        }
        return out;
    }

    /** Scales {@code v} to unit L2 norm in place (as torch.nn.functional.normalize, eps 1e-12). */
    public static float[] l2Normalize(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        double norm = Math.max(Math.sqrt(s), 1e-12);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
        return v;
    }
}
