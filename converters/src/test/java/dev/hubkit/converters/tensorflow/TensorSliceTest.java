package dev.hubkit.converters.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TensorSliceTest {
    private static byte[] key(String name, int... tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        for (int b : tail) {
            out.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void keysAreEncodedAsTensorFlowEncodesThem() {
        // read from an index that TensorFlow 2.21 wrote with MaxShardSizePolicy: rows 3..4, columns 0..3
        assertThat(new TensorSlice(new long[] {3, 0}, new long[] {1, 3}).key("model/dense/.ATTRIBUTES/VARIABLE_VALUE"))
                .isEqualTo(key("model/dense/.ATTRIBUTES/VARIABLE_VALUE", 0, 1, 1, 2, 0x83, 0x81, 0x80, 0x83));
        // a whole dimension is length -1; values of 64 and more take two bytes; a 0 in the name is escaped
        assertThat(new TensorSlice(new long[] {170}, new long[] {TensorSlice.FULL}).key("a\0b"))
                .isEqualTo(key("a", 0, 0xFF, 'b', 0, 1, 1, 1, 0xC0, 0xAA, 0x7F));
    }

    @Test
    void lengthsResolveWholeDimensionsAndRefuseBoxesOutside() {
        TensorSlice s = new TensorSlice(new long[] {2, 0}, new long[] {3, TensorSlice.FULL});
        assertThat(s.lengthsIn(new long[] {5, 4})).containsExactly(3, 4);
        assertThatThrownBy(() -> s.lengthsIn(new long[] {4, 4})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.lengthsIn(new long[] {5})).isInstanceOf(IllegalArgumentException.class);
    }
}
