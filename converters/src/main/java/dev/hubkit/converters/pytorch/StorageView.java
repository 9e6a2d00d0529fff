package dev.hubkit.converters.pytorch;

import java.util.Arrays;

/**
 * A state-dict entry written as a view of one written storage: the storage is the planned tensor
 * called {@code storage} (its bytes, in its dtype), and this entry reads {@code shape} elements from
 * element {@code offset} with {@code stride} (all in elements), as {@code torch._utils._rebuild_tensor_v2}
 * takes them. Several views of one storage load in torch as tensors sharing memory.
 *
 * @param name    the state-dict key
 * @param storage the name of the planned tensor whose bytes form the storage
 * @param offset  storage offset in elements
 * @param shape   the view's shape
 * @param stride  the view's strides in elements
 */
public record StorageView(String name, String storage, long offset, long[] shape, long[] stride) {

    /** Copies the arrays and checks that they have the same rank. */
    public StorageView {
        shape = shape.clone();
        stride = stride.clone();
        if (shape.length != stride.length) {
            throw new IllegalArgumentException("view '" + name + "' has shape " + Arrays.toString(shape)
                    + " but stride " + Arrays.toString(stride));
        }
        if (offset < 0) {
            throw new IllegalArgumentException("view '" + name + "' has negative offset " + offset);
        }
    }

    /** The whole planned tensor {@code storage}, C-contiguous, under the key {@code name}. */
    public static StorageView whole(String name, String storage, long[] shape) {
        return new StorageView(name, storage, 0, shape, StatePickler.contiguousStride(shape));
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public long[] stride() {
        return stride.clone();
    }

    /**
     * The number of storage elements this view needs: one past the last element it reads (its offset
     * when it is empty).
     */
    public long extent() {
        long last = offset;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 0) {
                return offset;
            }
            if (stride[d] < 0) {
                throw new IllegalArgumentException("view '" + name + "' has negative stride " + Arrays.toString(stride));
            }
            last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, stride[d]));
        }
        return last + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StorageView v && name.equals(v.name) && storage.equals(v.storage) && offset == v.offset
                && Arrays.equals(shape, v.shape) && Arrays.equals(stride, v.stride);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + storage.hashCode()) * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "StorageView[" + name + " = " + storage + "[offset " + offset + ", shape " + Arrays.toString(shape)
                + ", stride " + Arrays.toString(stride) + "]]";
    }
}
