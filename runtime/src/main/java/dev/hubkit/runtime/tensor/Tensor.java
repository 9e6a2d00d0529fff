package dev.hubkit.runtime.tensor;

import java.util.Arrays;

/** A dense, row-major tensor over a primitive array. The set of element types is closed. */
public sealed interface Tensor permits FloatTensor, LongTensor, IntTensor {

    /** Shape, outermost dimension first (a copy). */
    long[] shape();

    /** Number of elements (product of the shape). */
    default long size() {
        return elementCount(shape());
    }

    /** Element type name as ONNX spells it ("float", "int64", "int32"). */
    String dtype();

    /** Product of the dimensions; throws when a dimension is negative. */
    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Checks that {@code length} elements fill {@code shape} exactly. */
    static long[] checkShape(long[] shape, int length) {
        long[] copy = shape.clone();
        long n = elementCount(copy);
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(copy) + " needs " + n
                    + " elements but the data has " + length);
        }
        return copy;
    }
}
