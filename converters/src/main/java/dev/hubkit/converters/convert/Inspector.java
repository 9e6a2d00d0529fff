package dev.hubkit.converters.convert;

import dev.hubkit.converters.TensorBytes;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Builds an {@link Inspection} of a checkpoint file, shard index or model folder. */
public final class Inspector {
    private Inspector() {
    }

    /** Reads every tensor of {@code path} once to hash it. */
    public static Inspection inspect(Path path) {
        try (TensorReader reader = Checkpoints.open(path)) {
            List<TensorInfo> infos = new ArrayList<>(reader.tensors());
            infos.sort(Comparator.comparing(TensorInfo::name));
            List<Inspection.Tensor> out = new ArrayList<>(infos.size());
            for (TensorInfo t : infos) {
                out.add(new Inspection.Tensor(t.name(), t.dtype().safetensorsName(), t.shape(), t.byteSize(),
                        TensorBytes.sha256(reader.data(t.name()))));
            }
            return new Inspection(reader.format(), out, reader.metadata());
        } catch (IOException e) {
            throw new UncheckedIOException("inspecting " + path, e);
        }
    }
}
