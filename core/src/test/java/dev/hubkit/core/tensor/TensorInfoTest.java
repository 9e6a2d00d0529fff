package dev.hubkit.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorInfoTest {

    @Test
    void numelAndByteSize() {
        TensorInfo t = new TensorInfo("w", DType.BF16, new long[] {30522, 768});
        assertThat(t.numel()).isEqualTo(30522L * 768);
        assertThat(t.byteSize()).isEqualTo(30522L * 768 * 2);
        assertThat(t.rank()).isEqualTo(2);
    }

    @Test
    void scalarAndEmpty() {
        assertThat(new TensorInfo("s", DType.F32, new long[0]).numel()).isEqualTo(1);
        assertThat(new TensorInfo("s", DType.F32, new long[0]).byteSize()).isEqualTo(4);
        assertThat(new TensorInfo("e", DType.I64, new long[] {3, 0}).byteSize()).isZero();
    }

    @Test
    void equalityIsOverTheArrayContents() {
        TensorInfo a = new TensorInfo("w", DType.F16, new long[] {2, 3});
        TensorInfo b = new TensorInfo("w", DType.F16, new long[] {2, 3});
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new TensorInfo("w", DType.F16, new long[] {3, 2}));
        assertThat(a).isNotEqualTo(new TensorInfo("w", DType.F32, new long[] {2, 3}));
        assertThat(a).isNotEqualTo(new TensorInfo("v", DType.F16, new long[] {2, 3}));
        assertThat(a.toString()).isEqualTo("TensorInfo[name=w, dtype=F16, shape=[2, 3]]");
    }

    @Test
    void shapeIsCopied() {
        long[] shape = {4, 5};
        TensorInfo t = new TensorInfo("w", DType.F32, shape);
        shape[0] = 99;
        t.shape()[1] = 99;
        assertThat(t.shape()).containsExactly(4, 5);
    }

    @Test
    void badShapes() {
        assertThatThrownBy(() -> new TensorInfo("w", DType.F32, new long[] {2, -1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'w'").hasMessageContaining("negative");
        assertThatThrownBy(() -> new TensorInfo("w", DType.F32, new long[] {1L << 40, 1L << 40}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflows");
        TensorInfo big = new TensorInfo("w", DType.F64, new long[] {1L << 31, 1L << 31});
        assertThatThrownBy(big::byteSize).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflows");
    }
}
