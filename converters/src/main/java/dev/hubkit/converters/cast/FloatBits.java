package dev.hubkit.converters.cast;

/**
 * Bit-exact conversions between float32, float16 and bfloat16, rounding to nearest even exactly as
 * PyTorch's {@code c10::Half} and {@code c10::BFloat16} do. NaNs come out bit for bit as PyTorch 2's CPU
 * {@code tensor.to(dtype)} writes them (checked against torch 2.13): float32 → bfloat16 gives 0xFFFF,
 * float16 → bfloat16 0x7FC0, → float16 keeps the payload's top bits, quiet.
 */
public final class FloatBits {
    private FloatBits() {
    }

    /**
     * float32 → bfloat16 bits, round to nearest even; every NaN → 0xFFFF, the NaN PyTorch's CPU kernels
     * ({@code tensor.to(torch.bfloat16)}) write (its scalar {@code c10::BFloat16} writes 0x7FC0; both are NaN).
     */
    public static short f32ToBf16(float f) {
        return f32BitsToBf16(Float.floatToRawIntBits(f));
    }

    /** As {@link #f32ToBf16(float)} on the raw bits of a float32. */
    public static short f32BitsToBf16(int bits) {
        int nan = (0x7F800000 - (bits & 0x7FFFFFFF)) >> 31; // -1 for NaN (magnitude above infinity), else 0
        int roundingBias = ((bits >>> 16) & 1) + 0x7FFF;
        return (short) (((bits + roundingBias) >>> 16) | nan);
    }

    /** bfloat16 bits → float32 (exact). */
    public static float bf16ToF32(short h) {
        return Float.intBitsToFloat((h & 0xFFFF) << 16);
    }

    /** float32 → IEEE half bits, round to nearest even; overflow → ±inf; NaN as {@link #f32BitsToF16}. */
    public static short f32ToF16(float f) {
        return f32BitsToF16(Float.floatToRawIntBits(f));
    }

    /**
     * As {@link #f32ToF16(float)} on the raw bits of a float32. A NaN keeps its sign and the top ten bits of
     * its payload and is made quiet: {@code sign | 0x7C00 | 0x0200 | mantissa >> 13}, as PyTorch writes it
     * (0x7FA00000 → 0x7F00, 0xFFC12345 → 0xFE09).
     */
    public static short f32BitsToF16(int w) {
        int shl1W = w + w;
        int sign = w & 0x80000000;
        if (Integer.compareUnsigned(shl1W, 0xFF000000) > 0) {
            return (short) ((sign >>> 16) | 0x7E00 | ((w & 0x007FFFFF) >>> 13));
        }
        final float scaleToInf = 0x1.0p+112f;
        final float scaleToZero = 0x1.0p-110f;
        float base = (Math.abs(Float.intBitsToFloat(w)) * scaleToInf) * scaleToZero;
        int bias = shl1W & 0xFF000000;
        if (Integer.compareUnsigned(bias, 0x71000000) < 0) {
            bias = 0x71000000;
        }
        base = Float.intBitsToFloat((bias >>> 1) + 0x07800000) + base;
        int bits = Float.floatToRawIntBits(base);
        int expBits = (bits >>> 13) & 0x00007C00;
        int mantissaBits = bits & 0x00000FFF;
        return (short) ((sign >>> 16) | (expBits + mantissaBits));
    }

    /** IEEE half bits → float32 (exact; a NaN made quiet as {@link #f16ToF32Bits}). */
    public static float f16ToF32(short h) {
        return Float.intBitsToFloat(f16ToF32Bits(h));
    }

    /**
     * IEEE half bits → float32 bits, exact; a NaN keeps sign and payload and is made quiet
     * ({@code sign | 0x7FC00000 | mantissa << 13}), as PyTorch's vectorized CPU cast writes it.
     */
    public static int f16ToF32Bits(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return sign | 0x7F800000 | (mant == 0 ? 0 : 0x00400000) | (mant << 13);
        }
        if (exp == 0) {
            if (mant == 0) {
                return sign;
            }
            float v = mant * 0x1.0p-24f;
            return Float.floatToRawIntBits(sign != 0 ? -v : v);
        }
        return sign | ((exp + 112) << 23) | (mant << 13);
    }

    /** IEEE half bits → bfloat16 bits, round to nearest even; every NaN → 0x7FC0, as PyTorch writes it. */
    public static short f16ToBf16(short h) {
        if ((h & 0x7C00) == 0x7C00 && (h & 0x03FF) != 0) {
            return (short) 0x7FC0;
        }
        return f32BitsToBf16(f16ToF32Bits(h));
    }

    /** bfloat16 bits → IEEE half bits: through float32 (exact), then {@link #f32BitsToF16}. */
    public static short bf16ToF16(short b) {
        return f32BitsToF16((b & 0xFFFF) << 16);
    }
}
