package dev.hubkit.converters.pytorch;

import java.util.Arrays;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a view of a storage with an
 * element offset, shape and strides (all in elements).
 */
public record TorchTensorRef(TorchStorage storage, long offset, long[] shape, long[] stride) {

    /** Copies the arrays. */
    public TorchTensorRef {
        shape = shape.clone();
        stride = stride.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public long[] stride() {
        return stride.clone();
    }

    /** Whether the strides are the C-contiguous ones for the shape (size-1 dimensions ignored). */
    public boolean contiguous() {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** Whether two refs are the same view, as the same dtype, of the same storage (tied weights). */
    public boolean sameView(TorchTensorRef other) {
        return storage.key().equals(other.storage.key()) && storage.dtype() == other.storage.dtype()
                && offset == other.offset
                && Arrays.equals(shape, other.shape) && Arrays.equals(stride, other.stride);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorchTensorRef r && storage.equals(r.storage) && sameView(r);
    }

    @Override
    public int hashCode() {
        return storage.hashCode() * 31 + Long.hashCode(offset) * 17 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "TorchTensorRef[storage=" + storage.key() + ", offset=" + offset + ", shape=" + Arrays.toString(shape)
                + ", stride=" + Arrays.toString(stride) + "]";
    }
}
