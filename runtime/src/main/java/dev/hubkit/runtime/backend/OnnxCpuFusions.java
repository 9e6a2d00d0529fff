package dev.hubkit.runtime.backend;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Arrays;
import java.util.List;

/**
 * Which of ONNX Runtime's graph fusions a CPU session skips. By default only
 * {@code BiasGeluFusion}: it folds a transformer's feed-forward bias Add into the erf GELU as one
 * {@code BiasGelu} node, and on CPU that node costs more than the plain {@code Add} plus the
 * {@code Gelu} it replaces (on all-MiniLM-L6-v2 with 8 x 32 tokens: 3.1 ms against 1.3 + 0.6 ms
 * per call; about 2.5% of a call's CPU time). Both compute {@code gelu(x + bias)} with the same erf,
 * so outputs stay the same. The system property {@value #PROPERTY} overrides the list
 * (ONNX Runtime optimizer names separated by commas or semicolons; empty keeps every fusion).
 */
public final class OnnxCpuFusions {
    /** System property: the ONNX Runtime optimizers CPU sessions skip (comma- or semicolon-separated; empty: none). */
    public static final String PROPERTY = "hubkit.onnx.disabledOptimizers";
    /** What CPU sessions skip unless {@value #PROPERTY} says otherwise. */
    public static final String DEFAULT = "BiasGeluFusion";
    /** ONNX Runtime's session configuration key for optimizers to leave out. */
    static final String CONFIG_KEY = "optimization.disable_specified_optimizers";

    private OnnxCpuFusions() {
    }

    /** The optimizer names to skip: the property's value when set, else {@link #DEFAULT}. */
    public static List<String> disabled() {
        return Arrays.stream(System.getProperty(PROPERTY, DEFAULT).split("[,;]"))
                .map(String::trim).filter(n -> !n.isEmpty()).toList();
    }

    /**
     * Configures {@code so} (a CPU session's options) to skip {@link #disabled()}.
     *
     * @return the names skipped (empty: nothing changed)
     * @throws OrtException when ONNX Runtime rejects the configuration entry
     */
    public static List<String> apply(OrtSession.SessionOptions so) throws OrtException {
        List<String> names = disabled();
        if (!names.isEmpty()) {
            so.addConfigEntry(CONFIG_KEY, String.join(";", names)); // ONNX Runtime splits the list at ';'
        }
        return names;
    }
}
