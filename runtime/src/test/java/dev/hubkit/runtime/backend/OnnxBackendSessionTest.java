package dev.hubkit.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import dev.hubkit.runtime.MiniLm;
import dev.hubkit.runtime.tensor.FloatTensor;
import dev.hubkit.runtime.tensor.LongTensor;
import dev.hubkit.runtime.tensor.NamedTensors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The session an OnnxBackend exposes is the one it runs (bare calls on it give the backend's
 * outputs), and every output the backend returns owns its data (no buffer shared between calls).
 */
class OnnxBackendSessionTest {

    @Test
    void bareCallsOnTheExposedSessionMatchTheBackendAndOutputsOwnTheirData() throws Exception {
        try (OnnxBackend b = OnnxBackend.load(MiniLm.dir().resolve("model.onnx"), BackendOptions.defaults())) {
            assertThat(b.session().getInputNames()).containsExactlyInAnyOrderElementsOf(b.inputNames());
            int rows = 3;
            int len = 17;
            float[] bare = OnnxShapeHintsTest.lastHidden(OrtEnvironment.getEnvironment(), b.session(), rows, len);
            NamedTensors in = inputs(rows, len);
            FloatTensor first = (FloatTensor) b.run(in, Set.of("last_hidden_state")).get("last_hidden_state");
            assertThat(first.shape()).containsExactly(rows, len, 384);
            assertThat(first.data()).containsExactly(bare);

            FloatTensor second = (FloatTensor) b.run(in, Set.of("last_hidden_state")).get("last_hidden_state");
            assertThat(second.data()).isNotSameAs(first.data()).containsExactly(bare);
            first.data()[0] += 1f;
            assertThat(second.data()[0]).isEqualTo(bare[0]);
        }
    }

    /** The same inputs as {@link OnnxShapeHintsTest#lastHidden}: last row padded after half its length. */
    private static NamedTensors inputs(int rows, int len) {
        long[] ids = new long[rows * len];
        long[] mask = new long[rows * len];
        for (int i = 0; i < ids.length; i++) {
            int t = i % len;
            ids[i] = t == 0 ? 101 : t == len - 1 ? 102 : 1000 + (i * 7919L) % 20000;
            mask[i] = i / len == rows - 1 && t > len / 2 ? 0 : 1;
        }
        Map<String, LongTensor> m = new LinkedHashMap<>();
        m.put("input_ids", LongTensor.of(ids, rows, len));
        m.put("attention_mask", LongTensor.of(mask, rows, len));
        m.put("token_type_ids", LongTensor.of(new long[ids.length], rows, len));
        return NamedTensors.of(m);
    }
}
