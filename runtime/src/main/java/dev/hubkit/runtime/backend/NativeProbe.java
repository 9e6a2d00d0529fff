package dev.hubkit.runtime.backend;

import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out once per JVM which engines' native libraries load and whether they see a CUDA device.
 * A library that fails to load is recorded (with the reason), never thrown: another backend may serve.
 */
public final class NativeProbe {
    private static final Logger LOG = LoggerFactory.getLogger(NativeProbe.class);

    /** Outcome of loading one engine. */
    public record Availability(boolean loaded, boolean cuda, String detail) {
    }

    /** ONNX Runtime availability plus its environment when it loaded. */
    public record OnnxAvailability(Availability availability, Optional<OrtEnvironment> environment) {
        /** Why it is or is not usable. */
        public String detail() {
            return availability.detail();
        }
    }

    private static volatile OnnxAvailability onnx;
    private static volatile Availability torch;

    private NativeProbe() {
    }

    /** Loads ONNX Runtime (once) and reports its version and execution providers. */
    public static OnnxAvailability onnx() {
        OnnxAvailability r = onnx;
        if (r == null) {
            synchronized (NativeProbe.class) {
                if (onnx == null) {
                    onnx = probeOnnx();
                }
                r = onnx;
            }
        }
        return r;
    }

    private static OnnxAvailability probeOnnx() {
        try {
            // Errors reach callers as exceptions with context, so the native logger only reports fatal ones.
            OrtEnvironment env = OrtEnvironment.getEnvironment(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, "hubkit");
            var providers = OrtEnvironment.getAvailableProviders();
            boolean cuda = providers.contains(OrtProvider.CUDA);
            CudaDevices devices = CudaDevices.detect();
            String detail = "ONNX Runtime " + env.getVersion() + " loaded, execution providers " + providers
                    + (cuda ? "" : " (no CUDA provider: CPU build)") + "; CUDA devices: " + devices.detail();
            cuda = cuda && devices.present();
            return new OnnxAvailability(new Availability(true, cuda, detail), Optional.of(env));
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("ONNX Runtime native library failed to load: {}", e.toString());
            return new OnnxAvailability(new Availability(false, false,
                    "ONNX Runtime native library failed to load: " + e), Optional.empty());
        }
    }

    /**
     * Loads DJL's PyTorch engine (once). Unless {@code allowDownload}, sets {@code ai.djl.offline=true}
     * first (when the user has not set it) so DJL never fetches libtorch from the network.
     */
    public static Availability torch(boolean allowDownload) {
        Availability r = torch;
        if (r == null) {
            synchronized (NativeProbe.class) {
                if (torch == null) {
                    torch = probeTorch(allowDownload);
                }
                r = torch;
            }
        }
        return r;
    }

    private static Availability probeTorch(boolean allowDownload) {
        if (!allowDownload && System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        try {
            Engine engine = Engine.getEngine("PyTorch");
            int gpus = safeGpuCount();
            boolean cuda = gpus > 0 && engine.getGpuCount() > 0;
            String detail = "PyTorch engine (libtorch " + engine.getVersion() + ") loaded; "
                    + (cuda ? gpus + " CUDA device(s) usable"
                    : gpus > 0 ? gpus + " CUDA device(s) present but this libtorch is a CPU build"
                    + " (no CUDA libtorch 2.7.1 is on Maven Central)"
                    : "no CUDA device");
            return new Availability(true, cuda, detail);
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("PyTorch engine failed to load: {}", e.toString());
            String hint = allowDownload ? "" : " (offline: put ai.djl.pytorch:pytorch-native-cpu:linux-x86_64 and"
                    + " pytorch-jni on the classpath, or allow native downloads)";
            return new Availability(false, false, "PyTorch engine failed to load: " + rootMessage(e) + hint);
        }
    }

    private static int safeGpuCount() {
        if (!CudaDevices.detect().present()) {
            return 0; // no device: never touch the CUDA runtime library
        }
        try {
            return CudaUtils.getGpuCount();
        } catch (LinkageError | RuntimeException e) {
            return 0;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder sb = new StringBuilder(e.toString());
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            sb.append(" <- ").append(t);
        }
        return sb.toString();
    }
}
