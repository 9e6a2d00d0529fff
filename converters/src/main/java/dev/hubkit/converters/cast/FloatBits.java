package dev.hubkit.converters.cast;

/**
 * Bit-exact conversions between float32, float16 and bfloat16, rounding to nearest even exactly as
 * PyTorch's {@code c10::Half} and {@code c10::BFloat16} do (NaN stays NaN).
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

    /** float32 → IEEE half bits, round to nearest even; overflow → ±inf; NaN → ±0x7E00. */
    public static short f32ToF16(float f) {
        final float scaleToInf = 0x1.0p+112f;
        final float scaleToZero = 0x1.0p-110f;
        float base = (Math.abs(f) * scaleToInf) * scaleToZero;
        int w = Float.floatToRawIntBits(f);
        int shl1W = w + w;
        int sign = w & 0x80000000;
        int bias = shl1W & 0xFF000000;
        if (Integer.compareUnsigned(bias, 0x71000000) < 0) {
            bias = 0x71000000;
        }
        base = Float.intBitsToFloat((bias >>> 1) + 0x07800000) + base;
        int bits = Float.floatToRawIntBits(base);
        int expBits = (bits >>> 13) & 0x00007C00;
        int mantissaBits = bits & 0x00000FFF;
        int nonsign = expBits + mantissaBits;
        return (short) ((sign >>> 16) | (Integer.compareUnsigned(shl1W, 0xFF000000) > 0 ? 0x7E00 : nonsign));
    }

    /** IEEE half bits → float32 (exact). */
    public static float f16ToF32(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            float v = mant * 0x1.0p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
