package dev.hubkit.converters.keras;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.TensorBytes;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.core.tensor.TensorInfo;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes Keras H5 weights the way transformers' TF2 models save them: root {@code layer_names},
 * {@code backend} and {@code keras_version}; one group per layer with {@code weight_names}; each
 * weight at {@code LAYER/WEIGHT_NAME}. Plan names are Keras weight names such as
 * {@code tf_bert_model/bert/embeddings/word_embeddings/weight:0}; the layer is their second component
 * (the first when there are only two). io.jhdf builds the file from Java arrays in memory, so every
 * tensor is held until {@link #finish()}; float16/bfloat16/bool cannot be written by jhdf and are refused.
 */
public final class KerasH5Writer implements TensorWriter {
    private final Path target;
    private final Path temp;
    private final List<TensorInfo> plan;
    private final WritableHdfFile hdf;
    private final Map<String, List<String>> layers = new LinkedHashMap<>();
    private final Map<String, WritableGroup> groups = new LinkedHashMap<>();
    private int next;
    private boolean finished;
    private int nameChunkLimit = KerasAttributes.HEADER_LIMIT;

    private KerasH5Writer(Path target, Path temp, List<TensorInfo> plan, WritableHdfFile hdf) {
        this.target = target;
        this.temp = temp;
        this.plan = plan;
        this.hdf = hdf;
    }

    /** Starts {@code target} for the planned weights. */
    public static KerasH5Writer create(Path target, List<TensorInfo> plan) throws IOException {
        for (TensorInfo t : plan) {
            switch (t.dtype()) {
                case F32, F64, I32, I64, I16, I8, U8 -> { }
                default -> throw new FormatException(target, "weight '" + t.name() + "' is " + t.dtype()
                        + ", which the HDF5 writer cannot store; convert with --dtype float32");
            }
            if (t.rank() == 0) {
                throw new FormatException(target, "weight '" + t.name() + "' is a scalar, which the HDF5 writer "
                        + "cannot store; Keras weights of transformers models are never scalars");
            }
        }
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path temp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
        return new KerasH5Writer(abs, temp, List.copyOf(plan), HdfFile.write(temp));
    }

    /** Splits name attributes above {@code bytes} (Keras uses 64512); for tests of the split format. */
    KerasH5Writer nameChunkLimit(int bytes) {
        this.nameChunkLimit = bytes;
        return this;
    }

    /** The Keras layer a weight name belongs to. */
    public static String layerOf(String weightName) {
        String[] parts = weightName.split("/");
        return parts.length >= 3 ? parts[1] : parts[0];
    }

    @Override
    public void write(TensorData data) throws IOException {
        if (next >= plan.size()) {
            throw new IllegalStateException("all " + plan.size() + " planned tensors were already written");
        }
        TensorInfo t = plan.get(next);
        if (!t.equals(data.info())) {
            throw new IllegalArgumentException("expected tensor " + t + " next, got " + data.info());
        }
        String layer = layerOf(t.name());
        layers.computeIfAbsent(layer, k -> new ArrayList<>()).add(t.name());
        String[] parts = (layer + "/" + t.name()).split("/");
        WritableGroup g = group(parts);
        g.putDataset(parts[parts.length - 1], nested(t, TensorBytes.copy(data)));
        next++;
    }

    private WritableGroup group(String[] parts) {
        StringBuilder path = new StringBuilder();
        WritableGroup g = null;
        for (int i = 0; i < parts.length - 1; i++) {
            path.append('/').append(parts[i]);
            WritableGroup existing = groups.get(path.toString());
            if (existing == null) {
                existing = g == null ? hdf.putGroup(parts[i]) : g.putGroup(parts[i]);
                groups.put(path.toString(), existing);
            }
            g = existing;
        }
        return g;
    }

    /** Nested Java arrays of the tensor's shape, as jhdf writes them. */
    private static Object nested(TensorInfo t, ByteBuffer bytes) {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long[] shape = t.shape();
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.toIntExact(shape[i]);
        }
        Class<?> component = switch (t.dtype()) {
            case F32 -> float.class;
            case F64 -> double.class;
            case I32 -> int.class;
            case I64 -> long.class;
            case I16 -> short.class;
            default -> byte.class;
        };
        Object array = Array.newInstance(component, dims);
        fill(array, dims, 0, b, t);
        return array;
    }

    private static void fill(Object array, int[] dims, int depth, ByteBuffer b, TensorInfo t) {
        if (depth == dims.length - 1) {
            switch (t.dtype()) {
                case F32 -> b.asFloatBuffer().get((float[]) array);
                case F64 -> b.asDoubleBuffer().get((double[]) array);
                case I32 -> b.asIntBuffer().get((int[]) array);
                case I64 -> b.asLongBuffer().get((long[]) array);
                case I16 -> b.asShortBuffer().get((short[]) array);
                default -> b.duplicate().get((byte[]) array);
            }
            b.position(b.position() + dims[depth] * t.dtype().byteSize());
            return;
        }
        for (int i = 0; i < dims[depth]; i++) {
            fill(Array.get(array, i), dims, depth + 1, b, t);
        }
    }

    @Override
    public void finish() throws IOException {
        if (next != plan.size()) {
            throw new IllegalStateException("only " + next + " of " + plan.size() + " planned tensors were written");
        }
        KerasAttributes.write(hdf, "layer_names", new ArrayList<>(layers.keySet()));
        hdf.putAttribute("backend", "tensorflow");
        hdf.putAttribute("keras_version", "2.15.0");
        for (Map.Entry<String, List<String>> e : layers.entrySet()) {
            try {
                KerasAttributes.write(groups.get("/" + e.getKey()), "weight_names", e.getValue(), nameChunkLimit);
            } catch (IllegalArgumentException ex) {
                throw new FormatException(target, "layer '" + e.getKey() + "' has too many weight names for the"
                        + " HDF5 writer (" + ex.getMessage() + "); write a TF checkpoint or safetensors instead");
            }
        }
        hdf.close();
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        finished = true;
    }

    @Override
    public void close() {
        if (!finished) {
            try {
                hdf.close();
            } catch (RuntimeException ignored) {
                // best effort
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

}
