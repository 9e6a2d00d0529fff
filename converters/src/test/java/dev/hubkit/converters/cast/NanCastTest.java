package dev.hubkit.converters.cast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.core.tensor.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Both chunk casters ({@link CastData} and {@link ChunkCaster}) write the NaNs {@link FloatBits} defines. */
class NanCastTest {
    private static final int[] F32_NANS = {0x7FA00000, 0xFFC12345, 0x7FC00000, 0x7F800001, 0xFFFFFFFF};
    private static final short[] F16_NANS = {0x7C01, (short) 0xFE00, 0x7FFF, (short) 0xFC01};
    private static final short[] BF16_NANS = {0x7F81, (short) 0xFF81, 0x7FC0, (short) 0xFFFF};

    @Test
    void float32NansCastAsPyTorch() {
        ByteBuffer in = buffer(F32_NANS.length * 4);
        for (int v : F32_NANS) {
            in.putInt(v);
        }
        assertThat(shorts(cast(in, F32_NANS.length, DType.F32, DType.F16)))
                .containsExactly((short) 0x7F00, (short) 0xFE09, (short) 0x7E00, (short) 0x7E00, (short) 0xFFFF);
        assertThat(shorts(cast(in, F32_NANS.length, DType.F32, DType.BF16))).containsOnly((short) 0xFFFF);
    }

    @Test
    void float16NansCastAsPyTorch() {
        ByteBuffer in = buffer(F16_NANS.length * 2);
        for (short v : F16_NANS) {
            in.putShort(v);
        }
        assertThat(shorts(cast(in, F16_NANS.length, DType.F16, DType.BF16))).containsOnly((short) 0x7FC0);
        ByteBuffer f32 = cast(in, F16_NANS.length, DType.F16, DType.F32);
        assertThat(f32.getInt(0)).isEqualTo(0x7FC02000);
        assertThat(f32.getInt(4)).isEqualTo(0xFFC00000);
    }

    @Test
    void bfloat16NansCastAsPyTorch() {
        ByteBuffer in = buffer(BF16_NANS.length * 2);
        for (short v : BF16_NANS) {
            in.putShort(v);
        }
        assertThat(shorts(cast(in, BF16_NANS.length, DType.BF16, DType.F16)))
                .containsExactly((short) 0x7E08, (short) 0xFE08, (short) 0x7E00, (short) 0xFFF8);
        assertThat(cast(in, BF16_NANS.length, DType.BF16, DType.F32).getInt(0)).isEqualTo(0x7F810000);
    }

    /** Casts through both casters, checks they agree, returns the result. */
    private static ByteBuffer cast(ByteBuffer in, int n, DType from, DType to) {
        ByteBuffer a = buffer(n * to.byteSize());
        CastData.convert(in, 0, a, n, from, to);
        ByteBuffer b = buffer(n * to.byteSize());
        new ChunkCaster(from, to).convert(in, b, n);
        assertThat(b).as(from + " -> " + to).isEqualTo(a);
        return a;
    }

    private static short[] shorts(ByteBuffer b) {
        short[] out = new short[b.capacity() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getShort(i * 2);
        }
        return out;
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
