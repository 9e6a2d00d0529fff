package dev.hubkit.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.runtime.TestModels;
import dev.hubkit.runtime.tensor.FloatTensor;
import dev.hubkit.runtime.tensor.LongTensor;
import dev.hubkit.runtime.tensor.NamedTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tiny BERT exported by scripts/make-tiny-torch-bert.py as TorchScript and as ONNX (same weights):
 * both backends agree with each other and with the outputs PyTorch recorded, within 1e-4.
 */
class CrossBackendTest {
    private static final double TOL = 1e-4;
    private static JsonNode expected;
    private static NamedTensors inputs;
    private static OnnxBackend onnx;
    private static TorchBackend torch;

    @BeforeAll
    static void load() throws IOException {
        Path dir = TestModels.tinyBert();
        expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        Map<String, LongTensor> in = new LinkedHashMap<>();
        for (String name : new String[] {"input_ids", "attention_mask", "token_type_ids"}) {
            JsonNode rows = expected.get("inputs").get(name);
            int b = rows.size();
            int s = rows.get(0).size();
            long[] data = new long[b * s];
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < s; j++) {
                    data[i * s + j] = rows.get(i).get(j).asLong();
                }
            }
            in.put(name, LongTensor.of(data, b, s));
        }
        inputs = NamedTensors.of(in);
        BackendOptions cpu = BackendOptions.defaults().withDevice(DevicePreference.CPU);
        onnx = OnnxBackend.load(dir.resolve("model.onnx"), cpu);
        torch = TorchBackend.load(dir.resolve("model.pt"), cpu);
    }

    @AfterAll
    static void close() {
        onnx.close();
        torch.close();
    }

    private static float[] recorded(String name) {
        JsonNode arr = expected.get("outputs").get(name);
        float[] out = new float[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) arr.get(i).asDouble();
        }
        return out;
    }

    private static long[] recordedShape(String name) {
        JsonNode arr = expected.get("outputs").get(name + "_shape");
        long[] out = new long[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asLong();
        }
        return out;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void onnxMatchesPyTorchRecording() {
        NamedTensors out = onnx.run(inputs);
        assertThat(out.names()).containsExactly("last_hidden_state", "pooler_output");
        FloatTensor h = (FloatTensor) out.get("last_hidden_state");
        assertThat(h.shape()).containsExactly(recordedShape("last_hidden_state"));
        assertThat(maxAbsDiff(h.data(), recorded("last_hidden_state"))).isLessThan(TOL);
        assertThat(maxAbsDiff(((FloatTensor) out.get("pooler_output")).data(), recorded("pooler_output")))
                .isLessThan(TOL);
    }

    @Test
    void torchScriptMatchesPyTorchRecording() {
        assertThat(torch.inputNames()).containsExactly("input_ids", "attention_mask", "token_type_ids");
        NamedTensors out = torch.run(inputs);
        assertThat(out.size()).isEqualTo(2);
        FloatTensor h = (FloatTensor) out.get(0);
        assertThat(h.shape()).containsExactly(recordedShape("last_hidden_state"));
        assertThat(maxAbsDiff(h.data(), recorded("last_hidden_state"))).isLessThan(TOL);
        assertThat(maxAbsDiff(((FloatTensor) out.get(1)).data(), recorded("pooler_output"))).isLessThan(TOL);
    }

    @Test
    void bothBackendsAgree() {
        FloatTensor a = (FloatTensor) onnx.run(inputs).get(0);
        FloatTensor b = (FloatTensor) torch.run(inputs).get(0);
        assertThat(a.shape()).containsExactly(b.shape());
        assertThat(maxAbsDiff(a.data(), b.data())).isLessThan(TOL);
        // Sanity: the outputs are not trivially zero, so the comparison means something.
        assertThat(maxAbsDiff(a.data(), new float[a.data().length])).isGreaterThan(0.1);
    }
}
