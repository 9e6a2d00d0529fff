package dev.hubkit.runtime.backend;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
     * first (when the user has not set it) so DJL never fetches libtorch from the network. A libtorch named
     * by {@code PYTORCH_LIBRARY_PATH} from another release than the JNI library's is reported as not
     * loadable rather than loaded ({@link LibtorchOverride}).
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
        String override = System.getenv("PYTORCH_LIBRARY_PATH");
        if (override != null) {
            Optional<String> mismatch = LibtorchOverride.jniLibtorchVersion()
                    .flatMap(jni -> LibtorchOverride.mismatch(override, jni));
            if (mismatch.isPresent()) {
                LOG.warn("PyTorch engine not loaded: {}", mismatch.get());
                return new Availability(false, false, "PyTorch engine not loaded: " + mismatch.get());
            }
        }
        try {
            Engine engine = Engine.getEngine("PyTorch");
            boolean cudaBuild = engine.hasCapability(StandardCapabilities.CUDA);
            TorchCuda cuda = TorchCuda.decide(CudaDevices.detect(), cudaBuild, () -> tryGpu(engine));
            String detail = "PyTorch engine (libtorch " + engine.getVersion() + ") loaded; " + cuda.detail();
            return new Availability(true, cuda.usable(), detail);
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("PyTorch engine failed to load: {}", e.toString());
            String hint = allowDownload ? "" : " (offline: put ai.djl.pytorch:pytorch-native-cpu:linux-x86_64 and"
                    + " pytorch-jni on the classpath, or allow native downloads)";
            return new Availability(false, false, "PyTorch engine failed to load: " + rootMessage(e) + hint);
        }
    }

    /**
     * Why libtorch surely cannot use CUDA, told without loading it: no {@code PYTORCH_LIBRARY_PATH}, and
     * the bundled libtorch (DJL's {@code native/lib/pytorch.properties}) is a CPU flavor. Empty when it
     * might (then only {@link #torch} can tell).
     */
    public static Optional<String> torchCpuOnly() {
        if (System.getenv("PYTORCH_LIBRARY_PATH") != null) {
            return Optional.empty();
        }
        return LibtorchOverride.classpathProperties("/native/lib/pytorch.properties")
                .filter(p -> p.getProperty("flavor", "").startsWith("cpu"))
                .map(p -> "the bundled libtorch " + p.getProperty("version", "") + " is a CPU build ("
                        + TorchCuda.CPU_BUILD_HINT + ")");
    }

    /**
     * Makes a one-element tensor on CUDA device 0 through libtorch itself: null when that works, else why
     * not. libtorch's own view is what counts (DJL's separate count loads the CUDA runtime through JNA,
     * which misses the CUDA libraries that a pip-installed libtorch carries beside it).
     */
    private static String tryGpu(Engine engine) {
        try (NDManager manager = engine.newBaseManager(Device.gpu())) {
            manager.zeros(new Shape(1)).toFloatArray();
            return null;
        } catch (LinkageError | RuntimeException e) {
            return rootMessage(e);
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
