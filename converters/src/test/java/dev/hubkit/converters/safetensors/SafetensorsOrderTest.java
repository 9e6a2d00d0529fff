package dev.hubkit.converters.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.HeapData;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order {@code safetensors.torch.save_file} (safetensors 0.8) writes tensors in: dtype descending in its
 * Rust {@code Dtype} enum, then name in UTF-8 byte order. The expected header was written by that function
 * for {@code z00..z16 = zeros(2)} of BOOL, U8, I8, F8_E5M2, F8_E4M3, F8_E8M0, I16, U16, F16, BF16, I32, U32,
 * F32, C64, F64, I64, U64 and {@code 'a\\uffff', 'a\U0001F600' = zeros(1)} (F32), {@code metadata={"format": "pt"}}.
 */
class SafetensorsOrderTest {
    private static final DType[] ENUM_ORDER = {DType.BOOL, DType.U8, DType.I8, DType.F8_E5M2, DType.F8_E4M3,
        DType.F8_E8M0, DType.I16, DType.U16, DType.F16, DType.BF16, DType.I32, DType.U32, DType.F32, DType.C64,
        DType.F64, DType.I64, DType.U64};

    /** The header save_file wrote (before its padding spaces), pinned. */
    private static final String PYTHON_HEADER = ""
            + "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"z16\":{\"dtype\":\"U64\",\"shape\":[2],\"data_offsets\":[0,16]},"
            + "\"z15\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[16,32]},"
            + "\"z14\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[32,48]},"
            + "\"z13\":{\"dtype\":\"C64\",\"shape\":[2],\"data_offsets\":[48,64]},"
            + "\"a\uFFFF\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[64,68]},"
            + "\"a\uD83D\uDE00\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[68,72]},"
            + "\"z12\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[72,80]},"
            + "\"z11\":{\"dtype\":\"U32\",\"shape\":[2],\"data_offsets\":[80,88]},"
            + "\"z10\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[88,96]},"
            + "\"z09\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[96,100]},"
            + "\"z08\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[100,104]},"
            + "\"z07\":{\"dtype\":\"U16\",\"shape\":[2],\"data_offsets\":[104,108]},"
            + "\"z06\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[108,112]},"
            + "\"z05\":{\"dtype\":\"F8_E8M0\",\"shape\":[2],\"data_offsets\":[112,114]},"
            + "\"z04\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[114,116]},"
            + "\"z03\":{\"dtype\":\"F8_E5M2\",\"shape\":[2],\"data_offsets\":[116,118]},"
            + "\"z02\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[118,120]},"
            + "\"z01\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[120,122]},"
            + "\"z00\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[122,124]}}";

    @TempDir
    Path tmp;

    private static List<TensorInfo> plan() {
        List<TensorInfo> plan = new ArrayList<>();
        for (int i = 0; i < ENUM_ORDER.length; i++) {
            plan.add(new TensorInfo(String.format("z%02d", i), ENUM_ORDER[i], new long[] {2}));
        }
        plan.add(new TensorInfo("a\uffff", DType.F32, new long[] {1}));
        plan.add(new TensorInfo("a\uD83D\uDE00", DType.F32, new long[] {1}));
        return plan;
    }

    @Test
    void everyDtypeHubkitWritesIsOrderedAsSafetensorsOrdersIt() {
        assertThat(ENUM_ORDER).containsExactlyInAnyOrder(DType.values());
        List<TensorInfo> shuffled = plan();
        Collections.shuffle(shuffled, new Random(7));
        assertThat(SafetensorsWriter.canonicalOrder(shuffled)).extracting(TensorInfo::name).containsExactly(
                "z16", "z15", "z14", "z13", "a\uffff", "a\uD83D\uDE00", "z12", "z11", "z10", "z09", "z08", "z07",
                "z06", "z05", "z04", "z03", "z02", "z01", "z00");
    }

    @Test
    void namesCompareAsUtf8BytesNotUtf16Units() {
        assertThat(dev.hubkit.core.config.PythonJson.compareCodePoints("a\uffff", "a\uD83D\uDE00")).isNegative();
        assertThat("a\uffff".compareTo("a\uD83D\uDE00")).isPositive(); // what String order would say
        assertThat(dev.hubkit.core.config.PythonJson.compareCodePoints("ab", "a")).isPositive();
        assertThat(dev.hubkit.core.config.PythonJson.compareCodePoints("A", "a")).isNegative();
        assertThat(dev.hubkit.core.config.PythonJson.compareCodePoints("x", "x")).isZero();
    }

    @Test
    void aMixedDtypeFileIsByteIdenticalToSaveFile() throws Exception {
        List<TensorInfo> plan = SafetensorsWriter.canonicalOrder(plan());
        Path file = tmp.resolve("mixed.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.create(file, plan, Map.of("format", "pt"))) {
            for (TensorInfo t : plan) {
                w.write(new HeapData(t, ByteBuffer.allocate((int) t.byteSize())));
            }
            w.finish();
        }
        byte[] header = PYTHON_HEADER.getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        ByteBuffer expected = ByteBuffer.allocate(8 + padded + 124).order(ByteOrder.LITTLE_ENDIAN);
        expected.putLong(padded).put(header);
        while (expected.position() < 8 + padded) {
            expected.put((byte) ' ');
        }
        assertThat(padded).isEqualTo(1152);
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.array());
    }
}
