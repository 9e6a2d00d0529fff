package dev.hubkit.converters.cast;

import dev.hubkit.converters.TensorData;
import dev.hubkit.core.tensor.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Casts one chunk of little-endian elements between F32, F16 and BF16 through primitive arrays: a bulk
 * copy out of the buffer, a tight loop over arrays that the JIT unrolls and vectorizes, a bulk copy back.
 * Several times faster than element-by-element buffer access; bit-identical to {@link FloatBits}, which
 * it calls. One instance per thread (it owns its scratch arrays).
 */
public final class ChunkCaster {
    private final DType from;
    private final DType to;
    private final int[] ints;
    private final short[] shorts;

    /** A caster for {@code from → to} (see {@link CastData#supports}), chunks of up to {@link TensorData#CHUNK_SIZE} bytes. */
    public ChunkCaster(DType from, DType to) {
        if (!CastData.supports(from, to)) {
            throw new IllegalArgumentException("no cast from " + from + " to " + to);
        }
        this.from = from;
        this.to = to;
        int maxElements = TensorData.CHUNK_SIZE / 2;
        this.ints = new int[maxElements];
        this.shorts = new short[maxElements];
    }

    /** Source dtype. */
    public DType from() {
        return from;
    }

    /** Target dtype. */
    public DType to() {
        return to;
    }

    /**
     * Converts the {@code n} elements of {@code in} from byte 0 into {@code out} from byte 0 (both
     * little-endian, absolute; positions and limits untouched). {@code n} at most
     * {@code CHUNK_SIZE / max(element sizes)}.
     */
    public void convert(ByteBuffer in, ByteBuffer out, int n) {
        ByteBuffer src = in.duplicate().order(ByteOrder.LITTLE_ENDIAN).clear();
        ByteBuffer dst = out.duplicate().order(ByteOrder.LITTLE_ENDIAN).clear();
        if (from == DType.F32) {
            src.asIntBuffer().get(ints, 0, n);
            if (to == DType.BF16) {
                f32ToBf16(ints, shorts, n);
            } else {
                f32ToF16(ints, shorts, n);
            }
            dst.asShortBuffer().put(shorts, 0, n);
        } else if (to == DType.F32) {
            src.asShortBuffer().get(shorts, 0, n);
            if (from == DType.BF16) {
                bf16ToF32(shorts, ints, n);
            } else {
                f16ToF32(shorts, ints, n);
            }
            dst.asIntBuffer().put(ints, 0, n);
        } else {
            src.asShortBuffer().get(shorts, 0, n);
            if (from == DType.F16) {
                for (int i = 0; i < n; i++) {
                    shorts[i] = FloatBits.f16ToBf16(shorts[i]);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    shorts[i] = FloatBits.bf16ToF16(shorts[i]);
                }
            }
            dst.asShortBuffer().put(shorts, 0, n);
        }
    }

    /**
     * As {@link FloatBits#f32BitsToBf16}, inlined. The arithmetic runs int to int, in place, which the JIT
     * vectorizes; the narrowing to short is a second loop (measured: one loop storing shorts directly is
     * about five times slower, as the JIT of Java 17 does not vectorize it).
     */
    private static void f32ToBf16(int[] in, short[] out, int n) {
        for (int i = 0; i < n; i++) {
            int bits = in[i];
            int nan = (0x7F800000 - (bits & 0x7FFFFFFF)) >> 31; // -1 for NaN, else 0
            int roundingBias = ((bits >>> 16) & 1) + 0x7FFF;
            in[i] = ((bits + roundingBias) >>> 16) | nan;
        }
        for (int i = 0; i < n; i++) {
            out[i] = (short) in[i];
        }
    }

    private static void f32ToF16(int[] in, short[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = FloatBits.f32BitsToF16(in[i]);
        }
    }

    private static void bf16ToF32(short[] in, int[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = (in[i] & 0xFFFF) << 16;
        }
    }

    private static void f16ToF32(short[] in, int[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = FloatBits.f16ToF32Bits(in[i]);
        }
    }
}
