package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Inspection#toJson()} writes exactly what jackson-databind's tree model writes for the same document. */
class InspectionJsonTest {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static List<Inspection.Tensor> tensors() {
        return List.of(
                new Inspection.Tensor("a.weight", "F32", new long[] {1024, 768}, 1024 * 768 * 4, SHA, "a.weight"),
                new Inspection.Tensor("b \"quoted\" \\ / \u00e9\u4e2d\ud83d\ude00 \t\u0001", "BF16", new long[] {3},
                        6, SHA, null),
                new Inspection.Tensor("scalar", "I64", new long[0], 8, SHA, "x"),
                new Inspection.Tensor("big", "U8", new long[] {Long.MAX_VALUE, 0, 1}, 0, SHA, "y"));
    }

    private static void assertSameAsMapper(Inspection inspection) {
        assertThat(inspection.toJson()).isEqualTo(inspection.toJsonWithMapper());
    }

    @Test
    void plainMetadataIsWrittenAsTheMapperWritesIt() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1);
        nested.put("a", List.of("x", true, -7L, Long.MIN_VALUE, Integer.MAX_VALUE));
        nested.put("empty map", Map.of());
        nested.put("empty list", List.of());
        nested.put("null", null);
        List<Object> withNull = new ArrayList<>(Arrays.asList(null, "s", List.of(List.of(1, 2), Map.of("k", "v"))));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("total_size", 123456789012L);
        metadata.put("unicode \u2028 \u00ff \"q\" \n", "line\nbreak \u001f end");
        metadata.put("flag", false);
        metadata.put("nested", nested);
        metadata.put("list", withNull);
        for (boolean pt : new boolean[] {false, true}) {
            assertSameAsMapper(new Inspection("safetensors", tensors(), metadata, pt));
        }
    }

    @Test
    void emptyDocumentsAndNullFormat() {
        assertSameAsMapper(new Inspection("pytorch", List.of(), Map.of()));
        assertSameAsMapper(new Inspection(null, List.of(), Map.of(), true));
        assertSameAsMapper(new Inspection("safetensors", tensors(), Map.of("format", "pt")));
    }

    @Test
    void otherMetadataValuesGoThroughTheMapper() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("ratio", 0.1);
        metadata.put("float", 1.5f);
        metadata.put("huge", new BigInteger("123456789012345678901234567890"));
        metadata.put("array", new long[] {1, 2});
        metadata.put("keys", Map.of(1, "one"));
        String json = new Inspection("keras-h5", tensors(), metadata).toJson();
        assertThat(json).isEqualTo(new Inspection("keras-h5", tensors(), metadata).toJsonWithMapper())
                .contains("\"ratio\" : 0.1", "\"huge\" : 123456789012345678901234567890", "\"1\" : \"one\"");
    }

    @Test
    void layoutIsTheMappersPrettyPrint() {
        String json = new Inspection("safetensors",
                List.of(new Inspection.Tensor("w", "F32", new long[] {2, 3}, 24, SHA)), Map.of("format", "pt")).toJson();
        String nl = System.lineSeparator();
        assertThat(json).isEqualTo("{" + nl
                + "  \"format\" : \"safetensors\"," + nl
                + "  \"tensors\" : [ {" + nl
                + "    \"name\" : \"w\"," + nl
                + "    \"dtype\" : \"F32\"," + nl
                + "    \"shape\" : [ 2, 3 ]," + nl
                + "    \"sha256\" : \"" + SHA + "\"" + nl
                + "  } ]," + nl
                + "  \"metadata\" : {" + nl
                + "    \"format\" : \"pt\"" + nl
                + "  }" + nl
                + "}");
    }

    @Test
    void namesSortByCodePointAsPythonAndSafetensorsDo() {
        List<String> names = new ArrayList<>(List.of("\ud83d\ude00", "\ue000", "b", "a", "\uffff", ""));
        names.sort(Inspection.NAME_ORDER);
        // U+E000 and U+FFFF come before U+1F600 (whose UTF-16 surrogates D83D DE00 sort first by String order)
        assertThat(names).containsExactly("", "a", "b", "\ue000", "\uffff", "\ud83d\ude00");
        assertThat(Inspection.NAME_ORDER.compare("ab", "a")).isPositive();
        assertThat(Inspection.NAME_ORDER.compare("a\ud83d\ude00", "a\ud83d\ude00")).isZero();
    }

    @Test
    void tableCountsRepeatedDataOnceAndJsonListsEveryTensor() {
        List<Inspection.Tensor> tied = List.of(
                new Inspection.Tensor("embed", "F32", new long[] {10, 4}, 160, SHA),
                new Inspection.Tensor("head", "F32", new long[] {10, 4}, 160, SHA),
                new Inspection.Tensor("bias", "F32", new long[] {4}, 16, SHA));
        Inspection inspection = new Inspection("pytorch", tied, Map.of(), false, java.util.Set.of("head"));
        assertThat(inspection.parameterCount()).isEqualTo(44);
        assertThat(inspection.totalBytes()).isEqualTo(176);
        assertThat(inspection.toTable()).contains("3 tensors, 44 parameters, 176 B");
        assertThat(inspection.toJson()).contains("\"head\"");
        assertSameAsMapper(inspection);
        assertThat(new Inspection("pytorch", tied, Map.of()).parameterCount()).isEqualTo(84);
    }
}
