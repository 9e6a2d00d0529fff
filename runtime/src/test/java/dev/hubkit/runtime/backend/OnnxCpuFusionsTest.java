package dev.hubkit.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.hubkit.runtime.MiniLm;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPU sessions skip ONNX Runtime's BiasGeluFusion: the optimised all-MiniLM-L6-v2 graph then has
 * Gelu (after a plain Add) instead of BiasGelu, and computes the same hidden states.
 */
class OnnxCpuFusionsTest {
    @TempDir
    Path tmp;

    @Test
    void optimisedGraphHasGeluInsteadOfBiasGeluAndTheSameOutputs() throws Exception {
        Path hinted = tmp.resolve("hinted.onnx");
        assertThat(OnnxShapeHints.writeHinted(MiniLm.dir().resolve("model.onnx"), hinted)).isNotEmpty();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Path tuned = tmp.resolve("opt-tuned.onnx");
        Path stock = tmp.resolve("opt-stock.onnx");
        try (OrtSession.SessionOptions a = options(tuned);
             OrtSession.SessionOptions b = options(stock)) {
            assertThat(OnnxCpuFusions.apply(a)).containsExactly("BiasGeluFusion");
            try (OrtSession withDefaults = env.createSession(hinted.toString(), a);
                 OrtSession allFusions = env.createSession(hinted.toString(), b)) {
                for (int[] shape : new int[][] {{1, 5}, {3, 17}, {8, 40}}) {
                    float[] x = OnnxShapeHintsTest.lastHidden(env, allFusions, shape[0], shape[1]);
                    float[] y = OnnxShapeHintsTest.lastHidden(env, withDefaults, shape[0], shape[1]);
                    assertThat(y).hasSameSizeAs(x);
                    for (int i = 0; i < x.length; i++) {
                        assertThat(Math.abs(x[i] - y[i])).as("element %d of %dx%d", i, shape[0], shape[1]).isLessThan(1e-5f);
                    }
                }
            }
        }
        List<String> tunedOps = opTypes(tuned);
        List<String> stockOps = opTypes(stock);
        assertThat(stockOps).as("ONNX Runtime fuses the feed-forward bias into BiasGelu by default").contains("BiasGelu");
        assertThat(tunedOps).doesNotContain("BiasGelu").contains("Gelu");
        assertThat(tunedOps.stream().filter("Gelu"::equals).count()).isEqualTo(6); // one per layer
    }

    @Test
    void propertyOverridesTheListAndTheBackendSaysWhatItSkipped() {
        Path model = MiniLm.dir().resolve("model.onnx");
        try (OnnxBackend b = OnnxBackend.load(model, BackendOptions.defaults())) {
            assertThat(b.notes()).anyMatch(n -> n.contains("fusions left out") && n.contains("BiasGeluFusion"));
        }
        withProperty("", () -> {
            assertThat(OnnxCpuFusions.disabled()).isEmpty();
            try (OnnxBackend b = OnnxBackend.load(model, BackendOptions.defaults())) {
                assertThat(b.notes()).noneMatch(n -> n.contains("fusions left out"));
            }
            return null;
        });
        withProperty(" BiasGeluFusion ,; SkipLayerNormFusion ", () ->
                assertThat(OnnxCpuFusions.disabled()).containsExactly("BiasGeluFusion", "SkipLayerNormFusion"));
    }

    private static <T> T withProperty(String value, Supplier<T> body) {
        String before = System.getProperty(OnnxCpuFusions.PROPERTY);
        System.setProperty(OnnxCpuFusions.PROPERTY, value);
        try {
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty(OnnxCpuFusions.PROPERTY);
            } else {
                System.setProperty(OnnxCpuFusions.PROPERTY, before);
            }
        }
    }

    private static OrtSession.SessionOptions options(Path optimised) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        so.setIntraOpNumThreads(1);
        so.setOptimizedModelFilePath(optimised.toString());
        return so;
    }

    /** The op_type of every node of the model's main graph (ModelProto.graph=7, GraphProto.node=1, NodeProto.op_type=4). */
    static List<String> opTypes(Path model) throws IOException {
        List<String> ops = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(model), 1 << 16)) {
            CodedInputStream m = CodedInputStream.newInstance(in);
            m.setSizeLimit(Integer.MAX_VALUE);
            int tag;
            while ((tag = m.readTag()) != 0) {
                if (WireFormat.getTagFieldNumber(tag) != 7) {
                    m.skipField(tag);
                    continue;
                }
                int graph = m.pushLimit(m.readRawVarint32());
                int g;
                while ((g = m.readTag()) != 0) {
                    if (WireFormat.getTagFieldNumber(g) != 1) {
                        m.skipField(g);
                        continue;
                    }
                    int node = m.pushLimit(m.readRawVarint32());
                    int n;
                    while ((n = m.readTag()) != 0) {
                        if (WireFormat.getTagFieldNumber(n) == 4) {
                            ops.add(m.readStringRequireUtf8());
                        } else {
                            m.skipField(n);
                        }
                    }
                    m.popLimit(node);
                }
                m.popLimit(graph);
            }
        }
        return ops;
    }
}
