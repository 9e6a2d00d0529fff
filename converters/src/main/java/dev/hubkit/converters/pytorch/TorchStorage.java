package dev.hubkit.converters.pytorch;

import dev.hubkit.core.tensor.DType;

/**
 * A storage named by a checkpoint's persistent id: its key ({@code data/<key>} in zip files), element
 * type, element count and device location.
 */
public record TorchStorage(String key, DType dtype, long numel, String location) {
    /** Size in bytes. */
    public long byteSize() {
        return Math.multiplyExact(numel, (long) dtype.byteSize());
    }
}
