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
}
