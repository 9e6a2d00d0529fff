package dev.hubkit.converters.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.TensorBytes;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransposedDataTest {
    @ParameterizedTest
    @CsvSource({"F32,3,5", "F16,70,130", "U8,129,3", "F64,64,64", "I32,1,0", "BF16,2049,1025", "F32,4096,1030"})
    void matchesNaiveTranspose(DType dtype, int rows, int cols) throws Exception {
        int e = dtype.byteSize();
        byte[] src = new byte[rows * cols * e];
        new Random(rows * 31L + cols).nextBytes(src);
        byte[] want = new byte[src.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                System.arraycopy(src, (r * cols + c) * e, want, (c * rows + r) * e, e);
            }
        }
        TransposedData t = new TransposedData(new HeapData(new TensorInfo("w", dtype, new long[] {rows, cols}),
                ByteBuffer.wrap(src)), "w.T");
        assertThat(t.info()).isEqualTo(new TensorInfo("w.T", dtype, new long[] {cols, rows}));
        ByteBuffer got = TensorBytes.copy(t);
        byte[] g = new byte[got.remaining()];
        got.get(g);
        assertThat(g).isEqualTo(want);
    }
}
