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
import java.nio.ByteBuffer;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
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
    /** Largest output (in floats, 16 MiB) {@link #runReading} has written into a reused buffer. */
    static final long MAX_IN_PLACE_FLOATS = 4L << 20;
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
    /** Float outputs whose shape is known before a call, so {@link #runReading} can have them written in place. */
    private final Map<String, OutputShape> inPlace;
    /** Outputs ONNX Runtime refused to write in place (read the ordinary way from then on). */
    private final Set<String> inPlaceRefused = ConcurrentHashMap.newKeySet();
    /** Idle per-call native buffers; a call takes one (or makes one) and gives it back, most recent first. */
    private final ConcurrentLinkedDeque<CallBuffers> spareBuffers = new ConcurrentLinkedDeque<>();

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
        this.inPlace = device.equals("cpu") ? inPlaceOutputs(session, inputNames) : Map.of();
    }

    /** The float outputs whose every dimension is fixed or named like an input's dimension. */
    private static Map<String, OutputShape> inPlaceOutputs(OrtSession session, List<String> inputNames) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        List<long[]> shapes = new ArrayList<>();
        List<String[]> names = new ArrayList<>();
        for (String name : inputNames) {
            if (!(inputs.get(name).getInfo() instanceof TensorInfo ti)) {
                return Map.of();
            }
            shapes.add(ti.getShape());
            names.add(ti.getDimensionNames());
        }
        Map<String, OutputShape> out = new LinkedHashMap<>();
        for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo ti && ti.type == OnnxJavaType.FLOAT) {
                OutputShape shape = OutputShape.of(ti.getShape(), ti.getDimensionNames(), shapes, names);
                if (shape != null) {
                    out.put(e.getKey(), shape);
                }
            }
        }
        return Map.copyOf(out);
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
        CallBuffers buffers = takeBuffers();
        try {
            feed(inputs, buffers, feed);
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
            throw failed(inputs, e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
            spareBuffers.offerFirst(buffers);
        }
    }

    /**
     * On CPU, a float output whose shape follows from the inputs' ({@link OutputShape}) is written by
     * ONNX Runtime straight into a reused native buffer and read there: no fresh memory per call and
     * no copy to the Java heap. Other outputs, and outputs over {@value #MAX_IN_PLACE_FLOATS} floats,
     * are read the ordinary way.
     */
    @Override
    public <R> R runReading(NamedTensors inputs, String output, FloatReader<R> reader) {
        OutputShape planned = inPlace.get(output);
        if (planned == null || inPlaceRefused.contains(output)) {
            return Backend.super.runReading(inputs, output, reader);
        }
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        CallBuffers buffers = takeBuffers();
        OnnxTensor pinned = null;
        OrtException refused = null;
        try {
            long[] shape = planned.resolve(feed(inputs, buffers, feed));
            long n = shape == null ? -1 : elements(shape);
            if (n >= 0 && n <= MAX_IN_PLACE_FLOATS) {
                FloatBuffer data = buffers.output(n * Float.BYTES).asFloatBuffer();
                pinned = OnnxTensor.createTensor(env, data, shape);
                try (OrtSession.Result ignored = session.run(feed, Map.of(output, pinned))) {
                    // the output is in data; the result owns nothing of ours
                } catch (OrtException e) {
                    refused = e;
                }
                if (refused == null) {
                    return reader.read(data.asReadOnlyBuffer(), shape);
                }
            }
        } catch (OrtException e) {
            throw failed(inputs, e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
            if (pinned != null) {
                pinned.close();
            }
            spareBuffers.offerFirst(buffers);
        }
        R result = Backend.super.runReading(inputs, output, reader); // throws if the inputs were at fault
        if (refused != null) {
            inPlaceRefused.add(output);
            LOG.debug("ONNX Runtime would not write output '{}' of {} in place ({}); reading it the ordinary way",
                    output, file, refused.getMessage());
        }
        return result;
    }

    /** Whether {@link #runReading} writes {@code output} in place (for tests and diagnostics). */
    public boolean readsInPlace(String output) {
        return inPlace.containsKey(output) && !inPlaceRefused.contains(output);
    }

    private CallBuffers takeBuffers() {
        CallBuffers b = spareBuffers.pollFirst();
        return b != null ? b : new CallBuffers(inputNames.size());
    }

    private static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0 || (d > 0 && n > Long.MAX_VALUE / d)) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    /** Wraps every declared input as an ONNX Runtime tensor over {@code buffers}; returns their shapes in input order. */
    private long[][] feed(NamedTensors inputs, CallBuffers buffers, Map<String, OnnxTensor> feed) throws OrtException {
        long[][] shapes = new long[inputNames.size()][];
        for (int i = 0; i < shapes.length; i++) {
            String name = inputNames.get(i);
            Tensor t = inputs.find(name).orElseThrow(() -> new RuntimeBackendException("model " + file
                    + " needs input '" + name + "' but only " + inputs.names() + " were given"));
            feed.put(name, toOrt(name, t, buffers.input(i, t.size() * 8)));
            shapes[i] = t.shape();
        }
        return shapes;
    }

    private RuntimeBackendException failed(NamedTensors inputs, OrtException e) {
        return new RuntimeBackendException("ONNX Runtime failed running " + file + " on inputs "
                + inputs.describe() + ": " + e.getMessage(), e);
    }

    /**
     * The input as an ONNX Runtime tensor of the type the model declares, its values copied into
     * {@code into} (a native buffer of at least 8 bytes per element, which ONNX Runtime reads as it is).
     */
    private OnnxTensor toOrt(String name, Tensor t, ByteBuffer into) throws OrtException {
        OnnxJavaType want = inputTypes.getOrDefault(name, OnnxJavaType.UNKNOWN);
        long[] shape = t.shape();
        if (t instanceof LongTensor l) {
            return want == OnnxJavaType.INT32
                    ? OnnxTensor.createTensor(env, narrow(name, l.data(), into), shape)
                    : OnnxTensor.createTensor(env, into.asLongBuffer().put(l.data()).flip(), shape);
        }
        if (t instanceof IntTensor i) {
            return want == OnnxJavaType.INT64
                    ? OnnxTensor.createTensor(env, widen(i.data(), into), shape)
                    : OnnxTensor.createTensor(env, into.asIntBuffer().put(i.data()).flip(), shape);
        }
        return OnnxTensor.createTensor(env, into.asFloatBuffer().put(((FloatTensor) t).data()).flip(), shape);
    }

    /**
     * Whether the array ({@code arrayLength} long) of heap buffer {@code b} holds exactly its content (as ONNX Runtime's
     * {@code get*Buffer()} copies are), so the array can be taken without copying it again.
     */
    private static boolean wholeArray(java.nio.Buffer b, int arrayLength) {
        return b.arrayOffset() == 0 && b.position() == 0 && b.remaining() == arrayLength;
    }

    private static IntBuffer narrow(String name, long[] v, ByteBuffer into) {
        IntBuffer out = into.asIntBuffer();
        for (int i = 0; i < v.length; i++) {
            if (v[i] != (int) v[i]) {
                throw new RuntimeBackendException("input '" + name + "' value " + v[i] + " does not fit the model's int32 input");
            }
            out.put(i, (int) v[i]);
        }
        return out.limit(v.length);
    }

    private static LongBuffer widen(int[] v, ByteBuffer into) {
        LongBuffer out = into.asLongBuffer();
        for (int i = 0; i < v.length; i++) {
            out.put(i, v[i]);
        }
        return out.limit(v.length);
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
        spareBuffers.clear();
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
