package dev.hubkit.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import dev.hubkit.runtime.MiniLm;
import dev.hubkit.runtime.RuntimeBackendException;
import dev.hubkit.runtime.tensor.FloatTensor;
import dev.hubkit.runtime.tensor.LongTensor;
import dev.hubkit.runtime.tensor.NamedTensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The session an OnnxBackend exposes is the one it runs (bare calls on it give the backend's
 * outputs), every output the backend returns owns its data (no buffer shared between calls), and
 * outputs read in place (reused buffers) are bit for bit the ordinary ones.
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

    @Test
    void outputsReadInPlaceAreTheOrdinaryOutputsAtEveryShapeAndOnConcurrentCalls() throws Exception {
        try (OnnxBackend b = OnnxBackend.load(MiniLm.dir().resolve("model.onnx"), BackendOptions.defaults())) {
            assertThat(b.readsInPlace("last_hidden_state")).isTrue();
            // Growing, shrinking and growing again: the reused buffers must never leak an earlier call's values.
            int[][] shapes = {{1, 5}, {3, 17}, {8, 64}, {2, 9}, {1, 3}, {8, 64}, {4, 40}};
            for (int[] shape : shapes) {
                NamedTensors in = inputs(shape[0], shape[1]);
                float[] expected = ((FloatTensor) b.run(in, Set.of("last_hidden_state")).get("last_hidden_state")).data();
                float[] got = b.runReading(in, "last_hidden_state", (data, dims) -> {
                    assertThat(dims).containsExactly(shape[0], shape[1], 384);
                    assertThat(data.remaining()).isEqualTo(expected.length);
                    float[] copy = new float[data.remaining()];
                    data.get(0, copy);
                    return copy;
                });
                assertThat(got).containsExactly(expected);
            }
            assertThat(b.readsInPlace("last_hidden_state")).as("ONNX Runtime accepted every in-place output").isTrue();

            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> checks = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int[] shape = shapes[t + 1];
                    NamedTensors in = inputs(shape[0], shape[1]);
                    float[] expected = ((FloatTensor) b.run(in, Set.of("last_hidden_state")).get("last_hidden_state")).data();
                    checks.add(pool.submit(() -> {
                        boolean same = true;
                        for (int k = 0; k < 8; k++) {
                            same &= b.runReading(in, "last_hidden_state", (data, dims) -> {
                                for (int i = 0; i < expected.length; i++) {
                                    if (Float.compare(data.get(i), expected[i]) != 0) {
                                        return false;
                                    }
                                }
                                return true;
                            });
                        }
                        return same;
                    }));
                }
                for (Future<Boolean> f : checks) {
                    assertThat(f.get()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void readingAnOutputThatIsNotThereIsAClearError() {
        try (OnnxBackend b = OnnxBackend.load(MiniLm.dir().resolve("model.onnx"), BackendOptions.defaults())) {
            assertThatThrownBy(() -> b.runReading(inputs(1, 4), "pooler", (data, dims) -> 0))
                    .isInstanceOf(RuntimeBackendException.class).hasMessageContaining("no tensor named 'pooler'")
                    .hasMessageContaining("last_hidden_state");
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
