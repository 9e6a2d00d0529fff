package dev.hubkit.converters.mapping;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TF checkpoint or Keras H5 reader seen under PyTorch names and layouts (kernels transposed on the fly),
 * so any PyTorch/safetensors writer, caster or verifier can consume it unchanged. Closing it closes the source.
 */
public final class PytorchView implements TensorReader {
    private final TensorReader source;
    private final Map<String, TensorInfo> infos = new LinkedHashMap<>();
    private final Map<String, String> sourceName = new LinkedHashMap<>();
    private final Map<String, Boolean> transposed = new LinkedHashMap<>();

    /** Views {@code source} through {@code mapping}. */
    public PytorchView(TensorReader source, NameMapping mapping) {
        this.source = source;
        Map<String, MappedName> pt = TfConversions.ptMapping(source, mapping);
        for (TensorInfo t : source.tensors()) {
            MappedName m = pt.get(t.name());
            if (m == null) {
                continue;
            }
            infos.put(m.name(), m.transpose() ? new TransposedData(source.data(t.name()), m.name()).info()
                    : new TensorInfo(m.name(), t.dtype(), t.shape()));
            sourceName.put(m.name(), t.name());
            transposed.put(m.name(), m.transpose());
        }
    }

    @Override
    public String format() {
        return source.format();
    }

    @Override
    public Path path() {
        return source.path();
    }

    @Override
    public List<TensorInfo> tensors() {
        return List.copyOf(infos.values());
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo t = infos.get(name);
        if (t == null) {
            throw new FormatException(source.path(), "no tensor maps to PyTorch name '" + name + "'");
        }
        return t;
    }

    @Override
    public TensorData data(String name) {
        info(name);
        TensorData d = source.data(sourceName.get(name));
        return transposed.get(name) ? new TransposedData(d, name) : new RenamedData(d, name);
    }

    @Override
    public Map<String, Object> metadata() {
        return source.metadata();
    }

    @Override
    public List<List<String>> aliases() {
        return List.of();
    }

    @Override
    public void close() {
        source.close();
    }
}
