package dev.hubkit.converters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.cast.FloatBits;
import org.junit.jupiter.api.Test;

/** Casts round to nearest even like PyTorch (the bit-exact comparison with torch is in TorchInteropTest). */
class FloatBitsTest {
    @Test
    void everyHalfSurvivesARoundTripThroughFloat() {
        for (int h = 0; h < 0x10000; h++) {
            float f = FloatBits.f16ToF32((short) h);
            int back = FloatBits.f32ToF16(f) & 0xFFFF;
            if (Float.isNaN(f)) {
                assertThat(back & 0x7E00).isEqualTo(0x7E00);
            } else {
                assertThat(back).as("half 0x%04x", h).isEqualTo(h);
            }
        }
    }

    @Test
    void everyBfloat16SurvivesARoundTripThroughFloat() {
        for (int h = 0; h < 0x10000; h++) {
            float f = FloatBits.bf16ToF32((short) h);
            if (!Float.isNaN(f)) {
                assertThat(FloatBits.f32ToBf16(f) & 0xFFFF).isEqualTo(h);
            }
        }
    }

    @Test
    void tiesGoToEven() {
        // 1 + 2^-11 is halfway between the halves 1 and 1 + 2^-10: rounds to 1 (even mantissa)
        assertThat(FloatBits.f32ToF16(1f + 0x1p-11f)).isEqualTo((short) 0x3C00);
        assertThat(FloatBits.f32ToF16(1f + 3 * 0x1p-11f)).isEqualTo((short) 0x3C02);
        assertThat(FloatBits.f32ToF16(65520f)).isEqualTo((short) 0x7C00); // rounds up to infinity
        assertThat(FloatBits.f32ToF16(65519f)).isEqualTo((short) 0x7BFF);
        assertThat(FloatBits.f32ToBf16(1f + 0x1p-8f)).isEqualTo((short) 0x3F80);
        assertThat(FloatBits.f32ToBf16(1f + 3 * 0x1p-8f)).isEqualTo((short) 0x3F82);
        assertThat(FloatBits.f32ToBf16(Float.NaN)).isEqualTo((short) 0xFFFF); // as torch's CPU .to(bfloat16)
        assertThat(FloatBits.f32BitsToBf16(0xFF800001)).isEqualTo((short) 0xFFFF);
        assertThat(FloatBits.f32BitsToBf16(0x7F800000)).isEqualTo((short) 0x7F80); // +inf stays inf
        assertThat(FloatBits.f32BitsToBf16(0x7F7FFFFF)).isEqualTo((short) 0x7F80); // max float rounds to inf
    }

    /**
     * NaNs as torch 2.13's CPU {@code tensor.to(dtype)} writes them, checked over 2,000 random NaN patterns
     * ({@code torch.tensor(bits, dtype=torch.int32).view(torch.float32).to(torch.float16)} and so on).
     */
    @Test
    void nanPayloadsAreConvertedAsPyTorchDoes() {
        // float32 -> float16: sign | 0x7C00 | quiet bit | top ten payload bits
        assertThat(FloatBits.f32BitsToF16(0x7FA00000)).isEqualTo((short) 0x7F00);
        assertThat(FloatBits.f32BitsToF16(0xFFC12345)).isEqualTo((short) 0xFE09);
        assertThat(FloatBits.f32BitsToF16(0x7FC00000)).isEqualTo((short) 0x7E00);
        assertThat(FloatBits.f32BitsToF16(0x7F800001)).isEqualTo((short) 0x7E00); // payload below the kept bits
        assertThat(FloatBits.f32ToF16(Float.intBitsToFloat(0xFFFFFFFF))).isEqualTo((short) 0xFFFF);
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 10_000; i++) {
            int bits = (random.nextBoolean() ? 0x80000000 : 0) | 0x7F800000 | (1 + random.nextInt(0x7FFFFF));
            int expected = (bits >>> 16 & 0x8000) | 0x7E00 | (bits & 0x7FFFFF) >>> 13;
            assertThat(FloatBits.f32BitsToF16(bits) & 0xFFFF).as("0x%08x", bits).isEqualTo(expected);
            assertThat(FloatBits.f32BitsToBf16(bits)).as("0x%08x", bits).isEqualTo((short) 0xFFFF);
        }
        for (int sign = 0; sign <= 0x8000; sign += 0x8000) {
            for (int m = 1; m < 0x400; m++) {
                short half = (short) (sign | 0x7C00 | m);
                // float16 -> bfloat16: always the canonical 0x7FC0
                assertThat(FloatBits.f16ToBf16(half)).as("0x%04x", half).isEqualTo((short) 0x7FC0);
                // float16 -> float32: payload kept, made quiet
                assertThat(FloatBits.f16ToF32Bits(half)).isEqualTo(sign << 16 | 0x7FC00000 | m << 13);
            }
            for (int m = 1; m < 0x80; m++) {
                short bf = (short) (sign | 0x7F80 | m);
                // bfloat16 -> float16: through float32 (exact), so the seven payload bits move up by three
                assertThat(FloatBits.bf16ToF16(bf) & 0xFFFF).as("0x%04x", bf).isEqualTo(sign | 0x7E00 | m << 3);
            }
        }
        assertThat(FloatBits.bf16ToF16((short) 0x7F81)).isEqualTo((short) 0x7E08);
        assertThat(FloatBits.bf16ToF16((short) 0xFF81)).isEqualTo((short) 0xFE08);
    }

    @Test
    void nonNanHalvesCastToBfloat16AsThroughFloat() {
        for (int h = 0; h < 0x10000; h++) {
            float f = FloatBits.f16ToF32((short) h);
            if (!Float.isNaN(f)) {
                assertThat(FloatBits.f16ToBf16((short) h)).as("half 0x%04x", h).isEqualTo(FloatBits.f32ToBf16(f));
            }
        }
    }
}
