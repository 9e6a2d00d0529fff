package dev.hubkit.runtime.tensor;

import java.util.Arrays;

/**
 * A int64 tensor: row-major {@code long[]} data plus a shape. The array is owned by the tensor;
 * callers must not modify it after construction.
 *
 * @param data  elements in row-major order
 * @param shape dimensions, outermost first
 */
public record LongTensor(long[] data, long[] shape) implements Tensor {

    /** Validates that the data length matches the shape. */
    public LongTensor {
        shape = Tensor.checkShape(shape, data.length);
    }

    /** Wraps {@code data} with the given shape. */
    public static LongTensor of(long[] data, long... shape) {
        return new LongTensor(data, shape);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Dimension {@code i}. */
    public int dim(int i) {
        return Math.toIntExact(shape[i]);
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    @Override
    public String dtype() {
        return "int64";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LongTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "LongTensor" + Arrays.toString(shape);
    }
}
