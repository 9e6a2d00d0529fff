package dev.hubkit.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DTypeTest {

    @Test
    void byteSizes() {
        Map<DType, Integer> expected = Map.ofEntries(
                Map.entry(DType.F64, 8), Map.entry(DType.F32, 4), Map.entry(DType.F16, 2), Map.entry(DType.BF16, 2),
                Map.entry(DType.F8_E4M3, 1), Map.entry(DType.F8_E5M2, 1), Map.entry(DType.F8_E8M0, 1),
                Map.entry(DType.C64, 8), Map.entry(DType.I64, 8),
                Map.entry(DType.I32, 4), Map.entry(DType.I16, 2), Map.entry(DType.I8, 1), Map.entry(DType.U8, 1),
                Map.entry(DType.U16, 2), Map.entry(DType.U32, 4), Map.entry(DType.U64, 8), Map.entry(DType.BOOL, 1));
        assertThat(expected).hasSize(DType.values().length);
        expected.forEach((t, size) -> assertThat(t.byteSize()).as(t.name()).isEqualTo(size));
    }

    @Test
    void complex64IsTwoFloat32s() {
        assertThat(DType.fromSafetensors("C64")).isEqualTo(DType.C64);
        assertThat(DType.fromTorch("torch.complex64")).isEqualTo(DType.C64);
        assertThat(DType.fromTorch("torch.cfloat")).isEqualTo(DType.C64);
        assertThat(DType.fromTorchStorage("ComplexFloatStorage")).isEqualTo(DType.C64);
        assertThat(DType.fromTfEnum(8)).isEqualTo(DType.C64);
        assertThat(DType.fromNumpy("<c8")).isEqualTo(DType.C64);
        assertThat(DType.C64.scalarSize()).isEqualTo(4); // a big-endian file swaps each part
        assertThat(DType.C64.isFloatingPoint()).isFalse(); // casts leave it alone
        assertThat(DType.F64.scalarSize()).isEqualTo(8);
    }

    @Test
    void floatingPoint() {
        assertThat(DType.BF16.isFloatingPoint()).isTrue();
        assertThat(DType.F8_E5M2.isFloatingPoint()).isTrue();
        assertThat(DType.I64.isFloatingPoint()).isFalse();
        assertThat(DType.BOOL.isFloatingPoint()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyCanonicalSpellingRoundTrips(DType t) {
        assertThat(DType.fromSafetensors(t.safetensorsName())).isEqualTo(t);
        assertThat(DType.fromTorch(t.torchName())).isEqualTo(t);
        if (t != DType.F8_E8M0) { // the one type TensorFlow does not have
            assertThat(DType.fromTfEnum(t.tfEnum())).isEqualTo(t);
            assertThat(DType.fromTfName(t.tfName())).isEqualTo(t);
        } else {
            assertThat(t.tfEnum()).isEqualTo(-1);
            assertThat(t.tfName()).isNull();
        }
        assertThat(DType.fromNumpy(t.numpyName())).isEqualTo(t);
        assertThat(DType.fromNumpy(t.numpyDescr())).isEqualTo(t);
    }

    @ParameterizedTest
    @CsvSource({
        "F64,F64", "F32,F32", "F16,F16", "BF16,BF16", "F8_E4M3,F8_E4M3", "F8_E5M2,F8_E5M2", "I64,I64",
        "I32,I32", "I16,I16", "I8,I8", "U8,U8", "U16,U16", "U32,U32", "U64,U64", "BOOL,BOOL"})
    void safetensorsNames(String name, DType expected) {
        assertThat(DType.fromSafetensors(name)).isEqualTo(expected);
        assertThat(expected.safetensorsName()).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource({
        "torch.float32,F32", "float32,F32", "torch.float,F32", "float,F32", "torch.half,F16", "half,F16",
        "torch.float16,F16", "torch.bfloat16,BF16", "bfloat16,BF16", "torch.long,I64", "torch.int64,I64",
        "torch.int,I32", "torch.int32,I32", "torch.short,I16", "torch.bool,BOOL", "torch.uint8,U8",
        "torch.int8,I8", "torch.float8_e4m3fn,F8_E4M3", "torch.float8_e5m2,F8_E5M2", "torch.double,F64",
        "torch.float64,F64", "double,F64", "torch.uint16,U16", "torch.uint32,U32", "torch.uint64,U64"})
    void torchSpellings(String name, DType expected) {
        assertThat(DType.fromTorch(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "FloatStorage,F32", "DoubleStorage,F64", "HalfStorage,F16", "BFloat16Storage,BF16", "LongStorage,I64",
        "IntStorage,I32", "ShortStorage,I16", "CharStorage,I8", "ByteStorage,U8", "BoolStorage,BOOL",
        "Float8_e4m3fnStorage,F8_E4M3", "Float8_e5m2Storage,F8_E5M2", "torch.FloatStorage,F32"})
    void torchStorageClasses(String name, DType expected) {
        assertThat(DType.fromTorchStorage(name)).isEqualTo(expected);
    }

    /** Numbers from tensorflow/core/framework/types.proto. */
    @ParameterizedTest
    @CsvSource({
        "1,F32,DT_FLOAT", "2,F64,DT_DOUBLE", "3,I32,DT_INT32", "4,U8,DT_UINT8", "5,I16,DT_INT16", "6,I8,DT_INT8",
        "9,I64,DT_INT64", "10,BOOL,DT_BOOL", "14,BF16,DT_BFLOAT16", "17,U16,DT_UINT16", "19,F16,DT_HALF",
        "22,U32,DT_UINT32", "23,U64,DT_UINT64", "24,F8_E5M2,DT_FLOAT8_E5M2", "25,F8_E4M3,DT_FLOAT8_E4M3FN"})
    void tensorflowEnums(int number, DType expected, String name) {
        assertThat(DType.fromTfEnum(number)).isEqualTo(expected);
        assertThat(expected.tfEnum()).isEqualTo(number);
        assertThat(expected.tfName()).isEqualTo(name);
        assertThat(DType.fromTfName(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "float32,F32", "<f4,F32", "f4,F32", "=f4,F32", "float64,F64", "<f8,F64", "float16,F16", "<f2,F16",
        "bfloat16,BF16", "bool,BOOL", "|b1,BOOL", "<i8,I64", "int64,I64", "<i4,I32", "|i1,I8", "int8,I8",
        "|u1,U8", "uint8,U8", "<u2,U16", "<u4,U32", "<u8,U64", "int16,I16", "float8_e4m3fn,F8_E4M3",
        "float8_e5m2,F8_E5M2", "numpy.float32,F32", ">i1,I8"})
    void numpySpellings(String name, DType expected) {
        assertThat(DType.fromNumpy(name)).isEqualTo(expected);
    }

    @Test
    void unknownSpellingsListTheAcceptedOnes() {
        assertThatThrownBy(() -> DType.fromSafetensors("f32"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'f32'").hasMessageContaining("F32").hasMessageContaining("BF16");
        assertThatThrownBy(() -> DType.fromSafetensors(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DType.fromTorch("torch.complex128"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("torch.complex128").hasMessageContaining("torch.float32");
        assertThatThrownBy(() -> DType.fromTorchStorage("ComplexDoubleStorage"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FloatStorage");
        assertThatThrownBy(() -> DType.fromTfEnum(7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7").hasMessageContaining("DT_FLOAT");
        assertThatThrownBy(() -> DType.fromTfName("DT_STRING"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DT_STRING");
        assertThatThrownBy(() -> DType.fromNumpy("<c16"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<c16").hasMessageContaining("<f4");
        assertThatThrownBy(() -> DType.fromNumpy(">f4"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("big-endian");
    }
}
