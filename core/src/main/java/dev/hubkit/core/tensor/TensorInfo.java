package dev.hubkit.core.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * Metadata of one tensor: name, element type and shape (a scalar has an empty shape).
 *
 * @param name  the tensor's name in its checkpoint, e.g. {@code "bert.embeddings.word_embeddings.weight"}
 * @param dtype the element type
 * @param shape the dimensions, outermost first; copied on the way in and out
 */
public record TensorInfo(String name, DType dtype, long[] shape) {

    /** Validates and defensively copies the shape. */
    public TensorInfo {
        Objects.requireNonNull(name, "tensor name");
        Objects.requireNonNull(dtype, () -> "dtype of tensor '" + name + "'");
        Objects.requireNonNull(shape, () -> "shape of tensor '" + name + "'");
        shape = shape.clone();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': dimension " + i + " of shape "
                        + Arrays.toString(shape) + " is negative; dimensions must be >= 0");
            }
        }
        numel(name, shape); // fails early on overflow
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements: the product of the dimensions (1 for a scalar). */
    public long numel() {
        return numel(name, shape);
    }

    /** Size of the data in bytes: {@code numel() * dtype.byteSize()}. */
    public long byteSize() {
        try {
            return Math.multiplyExact(numel(), (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("tensor '" + name + "': byte size of shape " + Arrays.toString(shape)
                    + " in " + dtype + " overflows a long", e);
        }
    }

    private static long numel(String name, long[] shape) {
        long n = 1;
        try {
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("tensor '" + name + "': element count of shape "
                    + Arrays.toString(shape) + " overflows a long", e);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo other && name.equals(other.name) && dtype == other.dtype
                && Arrays.equals(shape, other.shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return "TensorInfo[name=" + name + ", dtype=" + dtype + ", shape=" + Arrays.toString(shape) + "]";
    }
}
