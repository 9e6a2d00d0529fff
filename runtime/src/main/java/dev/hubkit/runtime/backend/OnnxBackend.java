package dev.hubkit.runtime.backend;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.hubkit.runtime.RuntimeBackendException;
import dev.hubkit.runtime.tensor.FloatTensor;
import dev.hubkit.runtime.tensor.IntTensor;
import dev.hubkit.runtime.tensor.LongTensor;
import dev.hubkit.runtime.tensor.NamedTensors;
import dev.hubkit.runtime.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model on ONNX Runtime: one session with full graph optimisation, the requested thread
 * counts, and the CUDA execution provider when the GPU build of ONNX Runtime and a CUDA device
 * are present (CPU otherwise; a CUDA device is found without loading CUDA, see {@link CudaDevices}).
 * Sessions are thread-safe, so one backend serves concurrent callers. On CPU with default thread
 * settings each call runs on one thread and {@link #parallelism()} is the core count: pipelines run
 * that many micro-batches at once, which beats intra-op threads on small batches. Dynamic-shape
 * transformer exports are loaded with {@link OnnxShapeHints} (a temporary copy with declared
 * shapes) so that ONNX Runtime can fuse their layers; set the system property
 * {@value #SHAPE_HINTS_PROPERTY} to {@code false} to load files untouched. CPU sessions skip the
 * fusions listed by {@link OnnxCpuFusions} (ONNX Runtime's {@code BiasGeluFusion} by default).
 */
public final class OnnxBackend implements Backend {
    /** System property; {@code false} loads models as they are, without {@link OnnxShapeHints}. */
    public static final String SHAPE_HINTS_PROPERTY = "hubkit.onnx.shapeHints";
    private static final Logger LOG = LoggerFactory.getLogger(OnnxBackend.class);

    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String device;
    private final List<String> inputNames;
    private final List<String> outputNames;
    private final Map<String, OnnxJavaType> inputTypes;
    private final List<String> notes;
    private final int parallelism;

    private OnnxBackend(Path file, OrtEnvironment env, OrtSession session, String device, List<String> notes,
                        int parallelism) throws OrtException {
        this.file = file;
        this.parallelism = parallelism;
        this.env = env;
        this.session = session;
        this.device = device;
        this.notes = List.copyOf(notes);
        this.inputNames = List.copyOf(session.getInputNames());
        this.outputNames = List.copyOf(session.getOutputNames());
        Map<String, OnnxJavaType> types = new LinkedHashMap<>();
        for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo ti) {
                types.put(e.getKey(), ti.type);
            }
        }
        this.inputTypes = Map.copyOf(types);
    }

    /**
     * Opens {@code file} as an ONNX Runtime session.
     *
     * @throws RuntimeBackendException when ONNX Runtime cannot load (native library), the file is
     *                                 missing or not a valid ONNX model, or CUDA was demanded but is absent
     */
    public static OnnxBackend load(Path file, BackendOptions options) {
        if (!Files.isRegularFile(file)) {
            throw new RuntimeBackendException("ONNX model file " + file + " does not exist or is not a file");
        }
        OrtEnvironment env = NativeProbe.onnx().environment().orElseThrow(() -> new RuntimeBackendException(
                "ONNX Runtime is not usable on this machine: " + NativeProbe.onnx().detail()
                        + ". Use --backend pytorch with a TorchScript export, or fix the native library."));
        List<String> notes = new ArrayList<>();
        String device = "cpu";
        int cores = Runtime.getRuntime().availableProcessors();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OnnxDevice choice = OnnxDevice.decide(options.device(),
                    OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), CudaDevices.detect());
            if (choice.cuda()) {
                try {
                    so.addCUDA(0);
                    device = "cuda:0";
                    notes.add(choice.reason());
                } catch (OrtException e) {
                    String why = "the CUDA execution provider failed to start (" + e.getMessage()
                            + "); check the CUDA/cuDNN libraries and that the device is visible";
                    if (options.device() == DevicePreference.CUDA) {
                        throw new RuntimeBackendException("--device cuda asked for, but " + why
                                + ". Use --device auto or cpu to run on the CPU.", e);
                    }
                    notes.add("running on CPU: " + why);
                }
            } else {
                notes.add(choice.reason());
            }
            int parallelism = 1;
            if (options.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(options.intraOpThreads());
                parallelism = device.equals("cpu") ? Math.max(1, cores / options.intraOpThreads()) : 1;
            } else if (device.equals("cpu")) {
                // Throughput mode: one thread per call and one call per core beats intra-op threads
                // on the small matrices of one micro-batch (no spinning or joins between operators).
                so.setIntraOpNumThreads(1);
                parallelism = cores;
            }
            if (options.interOpThreads() > 0) {
                so.setInterOpNumThreads(options.interOpThreads());
                so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.PARALLEL);
            } else {
                so.setInterOpNumThreads(1);
                so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            }
            if (device.equals("cpu")) {
                List<String> skipped = OnnxCpuFusions.apply(so);
                if (!skipped.isEmpty()) {
                    notes.add("ONNX Runtime fusions left out on CPU (slower here than the ops they fuse): " + skipped);
                }
                notes.add(parallelism + " concurrent call(s) x " + (options.intraOpThreads() > 0
                        ? options.intraOpThreads() : 1) + " intra-op thread(s) on " + cores + " core(s)");
            }
            OrtSession session = createSession(env, file, so, notes);
            LOG.debug("loaded {} on {} ({} inputs, {} outputs)", file, device, session.getNumInputs(),
                    session.getNumOutputs());
            return new OnnxBackend(file, env, session, device, notes, parallelism);
        } catch (OrtException e) {
            throw new RuntimeBackendException("ONNX Runtime failed to set up a session for " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Creates the session from a copy of {@code file} with {@link OnnxShapeHints} when the graph has
     * any (the copy is deleted once loaded), else from {@code file}. Hints never make a model fail:
     * if the copy cannot be written or loaded, the original is loaded instead.
     */
    private static OrtSession createSession(OrtEnvironment env, Path file, OrtSession.SessionOptions so, List<String> notes) {
        Path hinted = null;
        try {
            List<OnnxShapeHints.Hint> hints = List.of();
            if (!"false".equals(System.getProperty(SHAPE_HINTS_PROPERTY))) {
                try {
                    hinted = Files.createTempFile("hubkit-hinted-", ".onnx");
                    hints = OnnxShapeHints.writeHinted(file, hinted);
                } catch (java.io.IOException | RuntimeException e) {
                    LOG.debug("no shape hints for {}: {}", file, e.toString());
                }
            }
            if (!hints.isEmpty()) {
                try {
                    OrtSession s = env.createSession(hinted.toString(), so);
                    notes.add("shape hints " + hints + " let ONNX Runtime fuse layers despite dynamic shapes");
                    return s;
                } catch (OrtException e) {
                    LOG.warn("ONNX Runtime rejected the shape-hinted copy of {} ({}); loading the original", file, e.getMessage());
                }
            }
            try {
                return env.createSession(file.toString(), so);
            } catch (OrtException e) {
                throw new RuntimeBackendException("ONNX Runtime could not load " + file + " (" + sizeOf(file)
                        + " bytes): " + e.getMessage()
                        + ". The file is corrupt, truncated or not an ONNX model; re-download or re-export it.", e);
            }
        } finally {
            if (hinted != null) {
                try {
                    Files.deleteIfExists(hinted);
                } catch (java.io.IOException e) {
                    LOG.warn("could not delete the temporary model copy {}: {}", hinted, e.getMessage());
                }
            }
        }
    }

    private static String sizeOf(Path file) {
        try {
            return Long.toString(Files.size(file));
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** The model file this session was created from. */
    public Path file() {
        return file;
    }

    /**
     * The ONNX Runtime session this backend runs, owned by the backend (never close it yourself):
     * for tools that call ONNX Runtime directly on the very session a pipeline uses, such as the
     * benchmark's bare-call reference (two sessions of one model can differ by a few percent).
     */
    public OrtSession session() {
        return session;
    }

    /** How the device was chosen (for explanations). */
    public List<String> notes() {
        return notes;
    }

    @Override
    public BackendKind kind() {
        return BackendKind.ONNX;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public List<String> inputNames() {
        return inputNames;
    }

    @Override
    public List<String> outputNames() {
        return outputNames;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public NamedTensors run(NamedTensors inputs) {
        return run(inputs, Set.of());
    }

    @Override
    public NamedTensors run(NamedTensors inputs, Set<String> outputs) {
        Set<String> wanted = new HashSet<>();
        for (String o : outputs) {
            if (outputNames.contains(o)) {
                wanted.add(o);
            }
        }
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            for (String name : inputNames) {
                Tensor t = inputs.find(name).orElseThrow(() -> new RuntimeBackendException("model " + file
                        + " needs input '" + name + "' but only " + inputs.names() + " were given"));
                feed.put(name, toOrt(name, t));
            }
            try (OrtSession.Result result = wanted.isEmpty() || wanted.size() == outputNames.size() ? session.run(feed)
                    : session.run(feed, wanted)) {
                Map<String, Tensor> out = new LinkedHashMap<>();
                for (String name : outputNames) { // declared order, whatever order the result map has
                    java.util.Optional<OnnxValue> v = result.get(name);
                    if (v.isPresent()) {
                        out.put(name, fromOrt(name, v.get()));
                    }
                }
                return NamedTensors.of(out);
            }
        } catch (OrtException e) {
            throw new RuntimeBackendException("ONNX Runtime failed running " + file + " on inputs "
                    + inputs.describe() + ": " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor toOrt(String name, Tensor t) throws OrtException {
        OnnxJavaType want = inputTypes.getOrDefault(name, OnnxJavaType.UNKNOWN);
        long[] shape = t.shape();
        if (t instanceof LongTensor l) {
            return want == OnnxJavaType.INT32
                    ? OnnxTensor.createTensor(env, IntBuffer.wrap(narrow(name, l.data())), shape)
                    : OnnxTensor.createTensor(env, LongBuffer.wrap(l.data()), shape);
        }
        if (t instanceof IntTensor i) {
            return want == OnnxJavaType.INT64
                    ? OnnxTensor.createTensor(env, LongBuffer.wrap(widen(i.data())), shape)
                    : OnnxTensor.createTensor(env, IntBuffer.wrap(i.data()), shape);
        }
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(((FloatTensor) t).data()), shape);
    }

    /**
     * Whether the array ({@code arrayLength} long) of heap buffer {@code b} holds exactly its content (as ONNX Runtime's
     * {@code get*Buffer()} copies are), so the array can be taken without copying it again.
     */
    private static boolean wholeArray(java.nio.Buffer b, int arrayLength) {
        return b.arrayOffset() == 0 && b.position() == 0 && b.remaining() == arrayLength;
    }

    private static int[] narrow(String name, long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != (int) v[i]) {
                throw new RuntimeBackendException("input '" + name + "' value " + v[i] + " does not fit the model's int32 input");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    private static long[] widen(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private Tensor fromOrt(String name, OnnxValue value) {
        if (!(value instanceof OnnxTensor t)) {
            throw new RuntimeBackendException("output '" + name + "' of " + file + " is a " + value.getType()
                    + ", not a tensor; only tensor outputs are supported");
        }
        TensorInfo info = t.getInfo();
        long[] shape = info.getShape();
        return switch (info.type) {
            // ONNX Runtime's get*Buffer() already copies the native output into a fresh heap buffer;
            // its array is taken as it is rather than copied a second time.
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer();
                float[] d;
                if (b.hasArray() && wholeArray(b, b.array().length)) {
                    d = b.array();
                } else {
                    d = new float[b.remaining()];
                    b.get(d);
                }
                yield new FloatTensor(d, shape);
            }
            case INT64 -> {
                LongBuffer b = t.getLongBuffer();
                long[] d;
                if (b.hasArray() && wholeArray(b, b.array().length)) {
                    d = b.array();
                } else {
                    d = new long[b.remaining()];
                    b.get(d);
                }
                yield new LongTensor(d, shape);
            }
            case INT32 -> {
                IntBuffer b = t.getIntBuffer();
                int[] d;
                if (b.hasArray() && wholeArray(b, b.array().length)) {
                    d = b.array();
                } else {
                    d = new int[b.remaining()];
                    b.get(d);
                }
                yield new IntTensor(d, shape);
            }
            default -> throw new RuntimeBackendException("output '" + name + "' of " + file + " has element type "
                    + info.type + "; hubkit reads float, int64 and int32 outputs");
        };
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("closing ONNX Runtime session for {} failed: {}", file, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "OnnxBackend[" + file + " on " + device + "]";
    }
}
