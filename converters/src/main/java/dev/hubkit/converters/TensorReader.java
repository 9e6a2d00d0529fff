package dev.hubkit.converters;

import dev.hubkit.core.tensor.TensorInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Read access to a checkpoint: its tensors' metadata, lazily opened tensor bytes (memory-mapped)
 * and plain metadata values. Close it to release the file handles.
 */
public interface TensorReader extends AutoCloseable {

    /** The format name as {@code hubkit inspect} prints it: {@code safetensors}, {@code pytorch}, {@code pytorch-legacy}. */
    String format();

    /** The file (or index) this reader was opened on. */
    Path path();

    /** Every tensor, in file order. */
    List<TensorInfo> tensors();

    /** The tensor called {@code name}; throws {@link FormatException} when absent. */
    TensorInfo info(String name);

    /** Opens the bytes of tensor {@code name}. */
    TensorData data(String name);

    /**
     * Plain values stored next to the tensors: the safetensors {@code __metadata__} strings, or the
     * ints, floats, strings and nulls of a training checkpoint (keys joined by {@code .}).
     */
    Map<String, Object> metadata();

    /**
     * Groups of two or more names that are the same tensor (same storage, offset, shape and strides),
     * such as tied input and output embeddings; each group is sorted by name.
     */
    List<List<String>> aliases();

    @Override
    void close();
}
