package dev.hubkit.converters.convert;

import dev.hubkit.converters.TensorBytes;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.keras.KerasH5Reader;
import dev.hubkit.converters.mapping.ArchitectureSource;
import dev.hubkit.converters.mapping.NameMapping;
import dev.hubkit.converters.mapping.TfConversions;
import dev.hubkit.converters.tensorflow.TfCheckpointReader;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds an {@link Inspection} of a checkpoint file, shard index or model folder. */
public final class Inspector {
    private Inspector() {
    }

    /** Reads every tensor of {@code path} once to hash it. */
    public static Inspection inspect(Path path) {
        return inspect(path, null, false);
    }

    /**
     * Like {@link #inspect(Path)}; with {@code ptNames}, each tensor also gets its PyTorch name: for a
     * TensorFlow checkpoint or Keras H5 file the name mapped under {@code arch} (null: {@code model_type} of a
     * nearby {@code config.json}, else detected; names with no PyTorch counterpart get none), for other
     * formats the stored name itself.
     */
    public static Inspection inspect(Path path, String arch, boolean ptNames) {
        Path file = Checkpoints.resolve(path);
        try (TensorReader reader = Checkpoints.open(file)) {
            Map<String, String> pt = ptNames ? ptNames(reader, arch, file) : Map.of();
            List<TensorInfo> infos = new ArrayList<>(reader.tensors());
            infos.sort(new ByName());
            List<Inspection.Tensor> out = new ArrayList<>(infos.size());
            for (TensorInfo t : infos) {
                out.add(new Inspection.Tensor(t.name(), t.dtype().safetensorsName(), t.shape(), t.byteSize(),
                        TensorBytes.sha256(reader.data(t.name())), pt.get(t.name())));
            }
            return new Inspection(reader.format(), out, reader.metadata(), ptNames, repeats(reader));
        } catch (IOException e) {
            throw new UncheckedIOException("inspecting " + path, e);
        }
    }

    /** Each group of tied names (same stored data) but its first in name order. */
    static Set<String> repeats(TensorReader reader) {
        Set<String> out = new HashSet<>();
        for (List<String> group : reader.aliases()) {
            List<String> names = new ArrayList<>(group);
            names.sort(Inspection.NAME_ORDER);
            out.addAll(names.subList(1, names.size()));
        }
        return out;
    }

    /** Tensors in {@link Inspection#NAME_ORDER} (a class, not a lambda: lambdas cost start-up time). */
    private static final class ByName implements Comparator<TensorInfo> {
        @Override
        public int compare(TensorInfo a, TensorInfo b) {
            return Inspection.NAME_ORDER.compare(a.name(), b.name());
        }
    }

    private static Map<String, String> ptNames(TensorReader reader, String arch, Path file) {
        boolean tfSafetensors = TfConversions.isTfSafetensors(reader);
        if (!(reader instanceof TfCheckpointReader) && !(reader instanceof KerasH5Reader) && !tfSafetensors) {
            Map<String, String> same = new HashMap<>();
            reader.tensors().forEach(t -> same.put(t.name(), t.name()));
            return same;
        }
        String a = ArchitectureSource.resolve(arch, file);
        ConversionWarnings warnings = new ConversionWarnings();
        NameMapping mapping = Converter.tfMapping(reader, a, true, warnings);
        warnings.logAll();
        return TfConversions.ptNames(reader, tfSafetensors ? mapping.withoutModelScope() : mapping);
    }
}
