package dev.hubkit.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hubkit.runtime.MiniLm;
import dev.hubkit.runtime.TestModels;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shape hints on the real all-MiniLM-L6-v2 export: found where true, and the hinted copy computes the same. */
class OnnxShapeHintsTest {
    @TempDir
    Path tmp;

    @Test
    void findsThePositionIdsSliceOfABertExport() throws IOException {
        List<OnnxShapeHints.Hint> hints = OnnxShapeHints.find(MiniLm.dir().resolve("model.onnx"));
        assertThat(hints).hasSize(1);
        OnnxShapeHints.Hint h = hints.get(0);
        assertThat(h.tensor()).isEqualTo("/embeddings/Slice_output_0");
        assertThat(h.elemType()).isEqualTo(7); // int64, as the position_ids table
        assertThat(h.dims()).containsExactly(1L, "sequence_length");
        assertThat(OnnxShapeHints.find(TestModels.tinyBert().resolve("model.onnx")))
                .as("an export without a sliced position table is left alone").isEmpty();
    }

    @Test
    void hintedCopyGivesTheSameHiddenStatesForAnyBatchShape() throws Exception {
        Path original = MiniLm.dir().resolve("model.onnx");
        Path hinted = tmp.resolve("hinted.onnx");
        assertThat(OnnxShapeHints.writeHinted(original, hinted)).hasSize(1);
        assertThat(Files.size(hinted)).isGreaterThan(Files.size(original)).isLessThan(Files.size(original) + 200);
        assertThat(OnnxShapeHints.find(hinted)).as("hints already declared are not added twice").isEmpty();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions();
             OrtSession a = env.createSession(original.toString(), so);
             OrtSession b = env.createSession(hinted.toString(), so)) {
            for (int[] shape : new int[][] {{1, 5}, {3, 17}, {2, 128}}) {
                float[] x = lastHidden(env, a, shape[0], shape[1]);
                float[] y = lastHidden(env, b, shape[0], shape[1]);
                assertThat(y).hasSameSizeAs(x);
                for (int i = 0; i < x.length; i++) {
                    assertThat(Math.abs(x[i] - y[i])).as("element %d of shape %dx%d", i, shape[0], shape[1]).isLessThan(1e-4f);
                }
            }
        }
    }

    /** last_hidden_state for {@code rows} synthetic rows of {@code len} tokens, the last one half padded. */
    static float[] lastHidden(OrtEnvironment env, OrtSession s, int rows, int len) throws OrtException {
        long[] ids = new long[rows * len];
        long[] mask = new long[rows * len];
        for (int i = 0; i < ids.length; i++) {
            int t = i % len;
            ids[i] = t == 0 ? 101 : t == len - 1 ? 102 : 1000 + (i * 7919L) % 20000;
            // the last row is padded after half its length
            mask[i] = i / len == rows - 1 && t > len / 2 ? 0 : 1;
        }
        long[] shape = {rows, len};
        try (OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
             OnnxTensor b = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
             OnnxTensor c = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape);
             OrtSession.Result r = s.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
            FloatBuffer f = ((OnnxTensor) r.get("last_hidden_state").orElseThrow()).getFloatBuffer();
            float[] out = new float[f.remaining()];
            f.get(out);
            return out;
        }
    }

    @Test
    void backendLoadsTheHintedCopyAndSaysSoUnlessSwitchedOff() {
        Path model = MiniLm.dir().resolve("model.onnx");
        try (OnnxBackend b = OnnxBackend.load(model, BackendOptions.defaults())) {
            assertThat(b.notes()).anyMatch(n -> n.contains("shape hints") && n.contains("sequence_length"));
        }
        String before = System.getProperty(OnnxBackend.SHAPE_HINTS_PROPERTY);
        System.setProperty(OnnxBackend.SHAPE_HINTS_PROPERTY, "false");
        try (OnnxBackend b = OnnxBackend.load(model, BackendOptions.defaults())) {
            assertThat(b.notes()).noneMatch(n -> n.contains("shape hints"));
        } finally {
            if (before == null) {
                System.clearProperty(OnnxBackend.SHAPE_HINTS_PROPERTY);
            } else {
                System.setProperty(OnnxBackend.SHAPE_HINTS_PROPERTY, before);
            }
        }
    }

    @Test
    void notAnOnnxFileIsATypedErrorAndNothingIsWritten() throws IOException {
        Path junk = tmp.resolve("junk.onnx");
        Files.write(junk, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02});
        Path out = tmp.resolve("out.onnx");
        assertThatThrownBy(() -> OnnxShapeHints.writeHinted(junk, out)).isInstanceOf(IOException.class)
                .hasMessageContaining("junk.onnx");
        assertThat(out).doesNotExist();
        Path truncated = tmp.resolve("truncated.onnx");
        try (var in = Files.newInputStream(TestModels.tinyBert().resolve("model.onnx"))) {
            Files.write(truncated, in.readNBytes(4096));
        }
        assertThatThrownBy(() -> OnnxShapeHints.find(truncated)).isInstanceOf(IOException.class);
    }
}
