package dev.hubkit.converters.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkit.converters.FormatException;
import dev.hubkit.core.tensor.TensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks PyTorch-named tensors against {@code config.json}: embedding tables must be
 * {@code [vocab_size, hidden]} and {@code [max_positions, hidden]}, LayerNorm vectors {@code [hidden]}.
 * Catches a wrong {@code --arch} or a checkpoint that does not belong to the config before anything is written.
 */
public final class ConfigShapes {
    private static final Pattern WORD = Pattern.compile("(^|\\.)(word_embeddings|wte|shared)\\.weight$");
    private static final Pattern POSITION = Pattern.compile("(^|\\.)(position_embeddings|wpe)\\.weight$");
    private static final Pattern NORM = Pattern.compile("(^|\\.)(embeddings\\.LayerNorm|ln_f)\\.(weight|bias)$");

    private ConfigShapes() {
    }

    /** Throws {@link FormatException} listing every tensor whose shape contradicts {@code config}. */
    public static void check(List<TensorInfo> ptTensors, JsonNode config) {
        long vocab = first(config, "vocab_size");
        long hidden = first(config, "embedding_size", "hidden_size", "n_embd", "d_model", "dim");
        long positions = first(config, "max_position_embeddings", "n_positions");
        List<String> bad = new ArrayList<>();
        for (TensorInfo t : ptTensors) {
            long[] s = t.shape();
            if (WORD.matcher(t.name()).find()) {
                expect(bad, t, s, vocab, hidden);
            } else if (POSITION.matcher(t.name()).find()) {
                expect(bad, t, s, positions, hidden);
            } else if (NORM.matcher(t.name()).find()) {
                expect(bad, t, s, hidden);
            }
        }
        if (!bad.isEmpty()) {
            throw new FormatException("tensor shapes contradict config.json: " + String.join("; ", bad)
                    + "; check --arch and that the config belongs to this checkpoint");
        }
    }

    private static void expect(List<String> bad, TensorInfo t, long[] shape, long... want) {
        if (shape.length != want.length) {
            bad.add(t.name() + " has shape " + Arrays.toString(shape) + ", expected rank " + want.length);
            return;
        }
        for (int i = 0; i < want.length; i++) {
            if (want[i] > 0 && shape[i] != want[i]) {
                bad.add(t.name() + " has shape " + Arrays.toString(shape) + ", config says " + Arrays.toString(want));
                return;
            }
        }
    }

    private static long first(JsonNode config, String... keys) {
        for (String k : keys) {
            JsonNode v = config.get(k);
            if (v != null && v.canConvertToLong()) {
                return v.asLong();
            }
        }
        return -1;
    }
}
