package dev.hubkit.converters.keras;

import dev.hubkit.converters.AtomicFile;
import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.converters.cast.CastData;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes Keras H5 weights the way transformers' TF2 models save them: root {@code layer_names},
 * {@code backend} and {@code keras_version}; one group per layer with {@code weight_names}; each
 * weight at {@code LAYER/WEIGHT_NAME}. Plan names are Keras weight names such as
 * {@code tf_bert_model/bert/embeddings/word_embeddings/weight:0}; the layer is their second component
 * (the first when there are only two).
 *
 * <p>io.jhdf only writes datasets from Java arrays, all at once when the file is closed. So the file is
 * laid out first from the plan alone (every dataset contiguous and zero-filled, from placeholder arrays
 * whose rows are one shared array, so memory stays a row per tensor), then each tensor's bytes stream into
 * its dataset's region as it is written: the heap never holds a tensor. Types are those io.jhdf can
 * declare: float32/64 and signed integers; float16 and bfloat16 are refused (cast with {@code --dtype f32}), and
 * so are other dtypes, scalars and empty tensors, all before anything is written.
 */
public final class KerasH5Writer implements TensorWriter {
    private final Path target;
    private final Path temp;
    private final List<TensorInfo> plan;
    private final long[] addresses;
    private final FileChannel channel;
    private int next;
    private boolean finished;

    private KerasH5Writer(Path target, Path temp, List<TensorInfo> plan, long[] addresses, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.plan = plan;
        this.addresses = addresses;
        this.channel = channel;
    }

    /** Starts {@code target} for the planned weights. */
    public static KerasH5Writer create(Path target, List<TensorInfo> plan) throws IOException {
        return create(target, plan, KerasAttributes.HEADER_LIMIT, KerasH5Writer::layerOf);
    }

    /**
     * As {@link #create(Path, List)}, each weight in the layer {@code layers} names for it (e.g. the layer it was
     * read from) rather than the one {@link #layerOf} tells from its name.
     */
    public static KerasH5Writer create(Path target, List<TensorInfo> plan, Function<String, String> layers)
            throws IOException {
        return create(target, plan, KerasAttributes.HEADER_LIMIT, layers);
    }

    /** As {@link #create(Path, List)}, splitting name attributes above {@code nameChunkLimit} bytes (tests). */
    static KerasH5Writer create(Path target, List<TensorInfo> plan, int nameChunkLimit) throws IOException {
        return create(target, plan, nameChunkLimit, KerasH5Writer::layerOf);
    }

    private static KerasH5Writer create(Path target, List<TensorInfo> plan, int nameChunkLimit,
                                        Function<String, String> layers) throws IOException {
        refuseUnwritable(target, plan);
        if (plan.isEmpty()) {
            throw new FormatException(target, "there are no weights to write, and Keras' reader refuses an H5 file "
                    + "without layers; nothing was written (does the source hold only skipped tensors, e.g. strings?)");
        }
        Path abs = target.toAbsolutePath();
        Path temp = AtomicFile.createSibling(abs);
        try {
            List<String> paths = layout(temp, plan, nameChunkLimit, target, layers);
            List<Long> headers = new ArrayList<>();
            long[] addresses = addresses(temp, plan, paths, headers);
            StringAttributeTypes.asH5py(temp, headers);
            FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
            return new KerasH5Writer(abs, temp, List.copyOf(plan), addresses, ch);
        } catch (HdfException e) {
            Files.deleteIfExists(temp);
            AtomicFile.released(temp);
            IOException io = ioCause(e);
            if (io != null) { // a full disk, a file size limit: the user's to fix, not a bug
                throw new IOException(io.getMessage() + " (writing the HDF5 layout of " + target + ")", e);
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            AtomicFile.released(temp);
            throw e;
        }
    }

    /**
     * Refuses, before anything is written, a plan holding weights io.jhdf cannot write, naming every one and what to
     * do: float16/bfloat16 (castable: {@code --dtype f32}), other dtypes it cannot declare, scalars, empty tensors.
     */
    private static void refuseUnwritable(Path target, List<TensorInfo> plan) {
        List<String> castable = new ArrayList<>();
        List<String> other = new ArrayList<>();
        List<String> scalars = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (TensorInfo t : plan) {
            switch (t.dtype()) {
                case F32, F64, I32, I64, I16, I8 -> { }
                default -> (CastData.castedType(t.dtype(), DType.F32) == DType.F32 ? castable : other)
                        .add("'" + t.name() + "' (" + t.dtype() + ")");
            }
            if (t.rank() == 0) {
                scalars.add("'" + t.name() + "'");
            } else if (t.numel() == 0) {
                empty.add("'" + t.name() + "' " + java.util.Arrays.toString(t.shape()));
            }
        }
        List<String> problems = new ArrayList<>();
        if (!castable.isEmpty()) {
            problems.add(names(castable) + ": float16/bfloat16, which hubkit's HDF5 writer (io.jhdf) cannot declare;"
                    + " convert with --dtype f32 (or write a TF checkpoint or safetensors)");
        }
        if (!other.isEmpty()) {
            problems.add(names(other) + ": a dtype hubkit's HDF5 writer (io.jhdf) cannot declare (it writes float32,"
                    + " float64 and signed integers; --dtype casts only F32, F16 and BF16); write a TF checkpoint or"
                    + " safetensors instead");
        }
        if (!scalars.isEmpty()) {
            problems.add(names(scalars) + ": scalars, which the HDF5 writer cannot store (Keras weights of transformers"
                    + " models are never scalars); write a TF checkpoint or safetensors instead");
        }
        if (!empty.isEmpty()) {
            problems.add(names(empty) + ": no elements, and Keras H5 output cannot hold empty tensors yet (io.jhdf"
                    + " cannot write them); write a TF checkpoint or safetensors instead");
        }
        if (!problems.isEmpty()) {
            throw new FormatException(target, "cannot be written as Keras H5, nothing was written: "
                    + String.join("; and ", problems));
        }
    }

    /** "weight 'a'" or "weights 'a', 'b', ... (N)", at most 5 named. */
    private static String names(List<String> list) {
        String shown = String.join(", ", list.subList(0, Math.min(5, list.size())));
        return list.size() == 1 ? "weight " + shown
                : "weights " + shown + (list.size() > 5 ? ", ... (" + list.size() + " in all)" : "");
    }

    /** The IOException behind a failure of io.jhdf, if there is one. */
    private static IOException ioCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException io) {
                return io;
            }
            if (c instanceof java.io.UncheckedIOException u) {
                return u.getCause();
            }
        }
        return null;
    }

    /** Writes groups, attributes and zero-filled datasets; returns each weight's dataset path. */
    private static List<String> layout(Path file, List<TensorInfo> plan, int nameChunkLimit, Path target,
                                       Function<String, String> layerOf) {
        Map<String, List<String>> layers = new LinkedHashMap<>();
        Map<String, WritableGroup> groups = new LinkedHashMap<>();
        List<String> paths = new ArrayList<>();
        WritableHdfFile hdf = HdfFile.write(file);
        try {
            for (TensorInfo t : plan) {
                String layer = layerOf.apply(t.name());
                layers.computeIfAbsent(layer, k -> new ArrayList<>()).add(t.name());
                String[] parts = (layer + "/" + t.name()).split("/");
                group(hdf, groups, parts).putDataset(parts[parts.length - 1], placeholder(t));
                paths.add(layer + "/" + t.name());
            }
            KerasAttributes.write(hdf, "layer_names", new ArrayList<>(layers.keySet()));
            // Python bytes scalars in Keras: variable-length strings in h5py, rewritten so by StringAttributeTypes
            hdf.putAttribute("backend", StringAttributeTypes.placeholder("tensorflow"));
            hdf.putAttribute("keras_version", StringAttributeTypes.placeholder("2.15.0"));
            hdf.removeAttribute("_jHDF"); // io.jhdf's own note on its version: no Keras file has it
            for (Map.Entry<String, List<String>> e : layers.entrySet()) {
                try {
                    KerasAttributes.write(groups.get("/" + e.getKey()), "weight_names", e.getValue(), nameChunkLimit);
                } catch (IllegalArgumentException ex) {
                    throw new FormatException(target, "layer '" + e.getKey() + "' has too many weight names for the"
                            + " HDF5 writer (" + ex.getMessage() + "); write a TF checkpoint or safetensors instead");
                }
            }
        } finally {
            hdf.close();
        }
        return paths;
    }

    /**
     * The data address of every planned dataset, checked to be contiguous and of the planned size; adds to
     * {@code headers} the object headers of the root and of every layer group (those holding Keras' attributes).
     */
    private static long[] addresses(Path file, List<TensorInfo> plan, List<String> paths, List<Long> headers) {
        long[] out = new long[plan.size()];
        try (HdfFile hdf = new HdfFile(file)) {
            headers.add(hdf.getAddress());
            for (io.jhdf.api.Node layer : hdf.getChildren().values()) {
                headers.add(layer.getAddress());
            }
            for (int i = 0; i < plan.size(); i++) {
                TensorInfo t = plan.get(i);
                Dataset ds = hdf.getDatasetByPath(paths.get(i));
                if (ds instanceof ContiguousDataset c && c.getFilters().isEmpty()
                        && ds.getSizeInBytes() == t.byteSize() && c.getDataAddress() > 0) {
                    out[i] = c.getDataAddress();
                } else {
                    throw new IllegalStateException("io.jhdf laid out weight '" + t.name() + "' as " + ds.getClass()
                            .getSimpleName() + " of " + ds.getSizeInBytes() + " bytes; expected " + t.byteSize()
                            + " contiguous bytes");
                }
            }
        }
        return out;
    }

    private static WritableGroup group(WritableHdfFile hdf, Map<String, WritableGroup> groups, String[] parts) {
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

    /**
     * Zeros of the tensor's shape as nested Java arrays, every row the same array: io.jhdf writes them
     * row by row, so neither side holds more than a row's worth of elements.
     */
    private static Object placeholder(TensorInfo t) {
        long[] shape = t.shape();
        Class<?> component = switch (t.dtype()) {
            case F32 -> float.class;
            case F64 -> double.class;
            case I32 -> int.class;
            case I64 -> long.class;
            case I16 -> short.class;
            default -> byte.class;
        };
        Object row = Array.newInstance(component, Math.toIntExact(shape[shape.length - 1]));
        for (int d = shape.length - 2; d >= 0; d--) {
            Object outer = Array.newInstance(row.getClass(), Math.toIntExact(shape[d]));
            for (int i = 0; i < shape[d]; i++) {
                Array.set(outer, i, row);
            }
            row = outer;
        }
        return row;
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
        long start = addresses[next];
        long[] pos = {start};
        data.read(chunk -> {
            ByteBuffer b = chunk.duplicate();
            if (pos[0] - start + b.remaining() > t.byteSize()) {
                throw new IOException("tensor '" + t.name() + "' delivered more than its " + t.byteSize() + " bytes");
            }
            while (b.hasRemaining()) {
                pos[0] += channel.write(b, pos[0]);
            }
        });
        if (pos[0] - start != t.byteSize()) {
            throw new IOException("tensor '" + t.name() + "' delivered " + (pos[0] - start) + " bytes, expected "
                    + t.byteSize());
        }
        next++;
    }

    @Override
    public void finish() throws IOException {
        if (next != plan.size()) {
            throw new IllegalStateException("only " + next + " of " + plan.size() + " planned tensors were written");
        }
        channel.close();
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        finished = true;
        AtomicFile.released(temp);
    }

    @Override
    public void close() {
        if (!finished) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // best effort
            }
            try {
                Files.deleteIfExists(temp);
                AtomicFile.released(temp);
            } catch (IOException ignored) {
                // best effort (the JVM's exit tries again)
            }
        }
    }
}
