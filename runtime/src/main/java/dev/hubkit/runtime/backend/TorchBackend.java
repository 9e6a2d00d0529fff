package dev.hubkit.runtime.backend;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.hubkit.runtime.RuntimeBackendException;
import dev.hubkit.runtime.tensor.FloatTensor;
import dev.hubkit.runtime.tensor.IntTensor;
import dev.hubkit.runtime.tensor.LongTensor;
import dev.hubkit.runtime.tensor.NamedTensors;
import dev.hubkit.runtime.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TorchScript model on DJL's PyTorch engine. CPU everywhere; CUDA when a CUDA device and a CUDA
 * build of libtorch are present. Inputs are passed positionally in the order of the script's
 * {@code forward} signature (read from the module; BERT's {@code input_ids, attention_mask,
 * token_type_ids} when the signature is not available). Outputs are named {@code output_0},
 * {@code output_1}, ... in the order the module returns them (for a traced Hugging Face model:
 * last hidden state, pooler output / logits, then hidden states and attentions when enabled).
 */
public final class TorchBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(TorchBackend.class);
    /** Hugging Face BERT-family forward order, used when the script's schema cannot be read. */
    static final List<String> DEFAULT_INPUTS = List.of("input_ids", "attention_mask", "token_type_ids");

    private final Path file;
    private final Model model;
    private final Block block;
    private final String device;
    private final List<String> inputNames;
    private final List<String> notes;
    private volatile List<String> outputNames = List.of();

    private TorchBackend(Path file, Model model, String device, List<String> inputNames, List<String> notes) {
        this.file = file;
        this.model = model;
        this.block = model.getBlock();
        this.device = device;
        this.inputNames = List.copyOf(inputNames);
        this.notes = List.copyOf(notes);
    }

    /**
     * Loads a TorchScript file.
     *
     * @throws RuntimeBackendException when libtorch cannot load, the file is not TorchScript, or CUDA
     *                                 was demanded but is absent
     */
    public static TorchBackend load(Path file, BackendOptions options) {
        if (!Files.isRegularFile(file)) {
            throw new RuntimeBackendException("TorchScript file " + file + " does not exist or is not a file");
        }
        NativeProbe.Availability av = NativeProbe.torch(options.allowNativeDownload());
        if (!av.loaded()) {
            throw new RuntimeBackendException(av.detail() + ". Use --backend onnx with an ONNX export instead.");
        }
        List<String> notes = new ArrayList<>();
        Device dev;
        if (options.device() == DevicePreference.CPU) {
            dev = Device.cpu();
            notes.add("device cpu requested");
        } else if (av.cuda()) {
            dev = Device.gpu();
            notes.add("CUDA device 0 with a CUDA build of libtorch");
        } else if (options.device() == DevicePreference.CUDA) {
            throw new RuntimeBackendException("--device cuda asked for, but " + av.detail()
                    + ". Use --device auto or cpu to run on the CPU.");
        } else {
            dev = Device.cpu();
            notes.add("running on CPU: " + av.detail());
        }
        Model model = Model.newInstance(file.getFileName().toString(), dev, "PyTorch");
        try {
            String name = file.getFileName().toString();
            if (name.endsWith(".pt")) {
                model.load(file.toAbsolutePath().getParent(), name.substring(0, name.length() - 3));
            } else {
                try (InputStream in = Files.newInputStream(file)) {
                    model.load(in);
                }
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new RuntimeBackendException("libtorch could not load " + file + " as TorchScript: " + e.getMessage()
                    + ". Export the model with torch.jit.trace or torch.jit.script and torch.jit.save"
                    + " (a torch.save state dict is not TorchScript).", e);
        }
        List<String> inputs = readInputNames(model.getBlock());
        LOG.debug("loaded {} on {} with inputs {}", file, dev, inputs);
        return new TorchBackend(file, model, dev.isGpu() ? "cuda:" + dev.getDeviceId() : "cpu", inputs, notes);
    }

    private static List<String> readInputNames(Block block) {
        try {
            PairList<String, Shape> described = block.describeInput();
            List<String> names = new ArrayList<>();
            if (described != null) {
                for (String k : described.keys()) {
                    if (k != null && !k.isEmpty() && !k.equals("self")) {
                        names.add(k);
                    }
                }
            }
            if (!names.isEmpty()) {
                return names;
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot read forward() schema: {}", e.toString());
        }
        return DEFAULT_INPUTS;
    }

    /** The TorchScript file. */
    public Path file() {
        return file;
    }

    /** How the device was chosen (for explanations). */
    public List<String> notes() {
        return notes;
    }

    @Override
    public BackendKind kind() {
        return BackendKind.PYTORCH;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public List<String> inputNames() {
        return inputNames;
    }

    /** Output names; known after the first {@link #run}, empty before. */
    @Override
    public List<String> outputNames() {
        return outputNames;
    }

    @Override
    public NamedTensors run(NamedTensors inputs) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList list = new NDList();
            for (String name : inputNames) {
                Tensor t = inputs.find(name).orElse(null);
                if (t == null) {
                    if (name.equals("token_type_ids") && inputNames.indexOf(name) == inputNames.size() - 1) {
                        break; // optional trailing input of BERT-like models
                    }
                    throw new RuntimeBackendException("TorchScript model " + file + " needs input '" + name
                            + "' but only " + inputs.names() + " were given");
                }
                list.add(toNd(manager, t));
            }
            NDList out = block.forward(new ParameterStore(manager, false), list, false);
            Map<String, Tensor> result = new LinkedHashMap<>();
            for (int i = 0; i < out.size(); i++) {
                result.put("output_" + i, fromNd(out.get(i)));
            }
            if (outputNames.size() != result.size()) {
                outputNames = List.copyOf(result.keySet());
            }
            return NamedTensors.of(result);
        } catch (RuntimeBackendException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RuntimeBackendException("libtorch failed running " + file + " on inputs " + inputs.describe()
                    + ": " + e.getMessage(), e);
        }
    }

    private static NDArray toNd(NDManager m, Tensor t) {
        Shape shape = new Shape(t.shape());
        if (t instanceof LongTensor l) {
            return m.create(l.data(), shape);
        }
        if (t instanceof IntTensor i) {
            return m.create(i.data(), shape).toType(DataType.INT64, false);
        }
        return m.create(((FloatTensor) t).data(), shape);
    }

    private Tensor fromNd(NDArray a) {
        long[] shape = a.getShape().getShape();
        DataType type = a.getDataType();
        if (type == DataType.FLOAT32) {
            return new FloatTensor(a.toFloatArray(), shape);
        }
        if (type == DataType.INT64) {
            return new LongTensor(a.toLongArray(), shape);
        }
        if (type == DataType.INT32) {
            return new IntTensor(a.toIntArray(), shape);
        }
        if (type.isFloating()) {
            return new FloatTensor(a.toType(DataType.FLOAT32, false).toFloatArray(), shape);
        }
        throw new RuntimeBackendException("output of " + file + " has element type " + type
                + "; hubkit reads float, int64 and int32 outputs");
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "TorchBackend[" + file + " on " + device + "]";
    }
}
