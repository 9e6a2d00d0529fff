package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shards as huggingface_hub 2.0's {@code split_torch_state_dict_into_shards} places them. Every expected
 * value below was printed by that function for uint8 tensors of the given sizes (a name {@code =x} shares
 * x's storage; {@code x[i:j]} is a view of x, counted as x's whole storage).
 */
class ShardPlannerTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // tensors (name:bytes, in state-dict order) | limit | shards | total_size
        "a:40 big:40000 c:40 d:8000 | 10000 | big / a c d | 48080",
        "a:6 b:6 c:2 d:6 e:2 f:2 | 10 | a / b c / d e f | 24",
        "a:4 b:11 c:4 d:4 e:11 | 10 | b / a c / e / d | 34",
        "a:5 b:5 c:10 d:0 e:1 | 10 | a b / c d / e | 21",
        "emb:8 x:4 head:=emb y:4 | 10 | emb head / x y | 16",
        "x:4 y:4 emb:8 head:=emb z:1 | 10 | x y / emb z head | 17",
        "s:12 v:s[0:4] w:3 | 10 | s v / w | 15",
        "a:10 b:10 | 10 | a / b | 20",
        "a:3 b:4 | 0 | a b | 7"})
    void placesTensorsAsHuggingfaceHubDoes(String tensors, long limit, String shards, long totalSize) {
        List<ShardPlanner.Item> items = new ArrayList<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String spec : tensors.trim().split(" ")) {
            String name = spec.substring(0, spec.indexOf(':'));
            String what = spec.substring(spec.indexOf(':') + 1);
            String storage = name;
            long size;
            long numel;
            if (what.startsWith("=")) {
                storage = what.substring(1);
                size = sizes.get(storage);
                numel = size;
            } else if (what.contains("[")) {
                storage = what.substring(0, what.indexOf('['));
                size = sizes.get(storage);
                String[] range = what.substring(what.indexOf('[') + 1, what.length() - 1).split(":");
                numel = Long.parseLong(range[1]) - Long.parseLong(range[0]);
            } else {
                size = Long.parseLong(what);
                numel = size;
                sizes.put(name, size);
            }
            items.add(new ShardPlanner.Item(new TensorInfo(name, DType.U8, new long[] {numel}), size, storage));
        }
        ShardPlanner.Plan plan = ShardPlanner.plan(items, limit);
        List<String> got = plan.shards().stream()
                .map(s -> String.join(" ", s.stream().map(TensorInfo::name).toList())).toList();
        assertThat(String.join(" / ", got)).isEqualTo(shards.trim());
        assertThat(plan.totalSize()).isEqualTo(totalSize);
    }

    @Test
    void anEmptyStateDictIsOneEmptyShard() {
        assertThat(ShardPlanner.plan(List.of(), 10).shards()).containsExactly(List.of());
    }

    @Test
    void theIndexIsByteIdenticalToTransformersJsonDumps() throws Exception {
        // json.dumps(index, indent=2, sort_keys=True) + "\n" of this index, as Python 3 printed it
        Map<String, String> weightMap = new LinkedHashMap<>();
        weightMap.put("b", "m-00002-of-00002.safetensors");
        weightMap.put("a\uffff", "m-00001-of-00002.safetensors");
        weightMap.put("a\uD83D\uDE00", "m-00001-of-00002.safetensors");
        weightMap.put("q\"\\\t\u007f\u00e9", "m-00002-of-00002.safetensors");
        weightMap.put("B", "x");
        Path file = tmp.resolve("model.safetensors.index.json");
        ShardIndex.write(file, weightMap, 28, 7);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("{\n  \"metadata\": {\n"
                + "    \"total_parameters\": 7,\n    \"total_size\": 28\n  },\n  \"weight_map\": {\n"
                + "    \"B\": \"x\",\n"
                + "    \"a\\uffff\": \"m-00001-of-00002.safetensors\",\n"
                + "    \"a\\ud83d\\ude00\": \"m-00001-of-00002.safetensors\",\n"
                + "    \"b\": \"m-00002-of-00002.safetensors\",\n"
                + "    \"q\\\"\\\\\\t\\u007f\\u00e9\": \"m-00002-of-00002.safetensors\"\n  }\n}\n");
        ShardIndex back = ShardIndex.read(file);
        assertThat(back.weightMap()).isEqualTo(weightMap);
        assertThat(back.metadata()).containsEntry("total_size", 28).containsEntry("total_parameters", 7);
    }

    @Test
    void safetensorsOutputIsSplitInTransformersDotNaturalOrder() {
        // sorted(names, key=transformers.core_model_loading.dot_natural_key), printed by transformers 5.17
        List<String> names = List.of("layers.10.w", "layers.2.w", "layers.2", "b.x", "a10.x", "a2.x", "a.x", "a02.x",
                "lm_head.weight", "h.0.attn", "h.0.attn.bias", "h.00.mlp", "\u00e9.w", "z.w", "B.w", "a..x", "a.", "7");
        List<TensorInfo> infos = names.stream().map(n -> new TensorInfo(n, DType.U8, new long[] {1})).toList();
        assertThat(DotNaturalOrder.sort(infos)).extracting(TensorInfo::name).containsExactly(EXPECTED_NATURAL);
    }

    /**
     * Python's {@code str.isdigit()}/{@code int()} on Unicode: other scripts' decimal digits are numbers (Arabic-Indic
     * "١٠" is 10, fullwidth "１２" 12, mathematical "𝟙" 1), {@code rstrip("0123456789")} strips ASCII digits only,
     * and '²' is a digit only inside a longer part. Printed by transformers 5.17's dot_natural_key (Python 3.11).
     */
    @Test
    void dotNaturalOrderReadsDigitsAsPythonDoes() {
        List<String> names = List.of("layers.\u0663.w", "layers.10.w", "layers.\u0661\u0660.w", "layers.2.w",
                "layers.\uff11\uff12.w", "layers.\ud835\udfd9.w", "h.1\u0663", "h.13", "h.x\u0663", "h.x3", "h.x",
                "h.\u0967", "layer\u0663.w", "layer3.w", "layer.w", "\u0660.a", "0.a", "h.\u00b2x", "a\u00b2.w");
        List<TensorInfo> infos = names.stream().map(n -> new TensorInfo(n, DType.U8, new long[] {1})).toList();
        assertThat(DotNaturalOrder.sort(infos)).extracting(TensorInfo::name).containsExactly("\u0660.a", "0.a",
                "a\u00b2.w", "h.\u0967", "h.1\u0663", "h.13", "h.x", "h.x3", "h.x\u0663", "h.\u00b2x", "layer.w",
                "layer3.w", "layers.\ud835\udfd9.w", "layers.2.w", "layers.\u0663.w", "layers.10.w",
                "layers.\u0661\u0660.w", "layers.\uff11\uff12.w", "layer\u0663.w");
    }

    /** Where dot_natural_key raises ValueError (int() of '²', '①', '1¹', or of over 4,300 digits), so does hubkit. */
    @Test
    void dotNaturalOrderRefusesWhatPythonsIntRefuses() {
        Map<String, String> refused = Map.of("layers.\u00b2.w", "invalid literal for int() with base 10: '\u00b2'",
                "h.\u2460", "invalid literal for int() with base 10: '\u2460'",
                "x.1\u00b9", "invalid literal for int() with base 10: '1\u00b9'",
                "x." + "1".repeat(4301), "Exceeds the limit (4300 digits) for integer string conversion: value has 4301",
                "x.w" + "1".repeat(4301), "Exceeds the limit (4300 digits)");
        refused.forEach((name, error) -> assertThatThrownBy(() -> DotNaturalOrder.sort(List.of(
                new TensorInfo("a", DType.U8, new long[] {1}), new TensorInfo(name, DType.U8, new long[] {1}))))
                .as(name).isInstanceOf(dev.hubkit.converters.FormatException.class)
                .hasMessageStartingWith("tensor '" + name + "': transformers' save_pretrained cannot order it")
                .hasMessageContaining("ValueError (" + error));
        assertThat(DotNaturalOrder.sort(List.of(new TensorInfo("x." + "1".repeat(4300), DType.U8, new long[] {1}))))
                .hasSize(1);
    }

    /** The order only decides a split: one safetensors file of such a name is written; a split is refused. */
    @Test
    void aNamePythonCannotOrderIsRefusedOnlyWhenSplitting(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("sup.safetensors");
        List<TensorInfo> plan = List.of(new TensorInfo("layers.\u00b2.w", DType.U8, new long[] {4}),
                new TensorInfo("layers.1.w", DType.U8, new long[] {4}));
        try (dev.hubkit.converters.safetensors.SafetensorsWriter w = dev.hubkit.converters.safetensors.SafetensorsWriter
                .create(src, plan, Map.of("format", "pt"))) {
            for (TensorInfo t : plan) {
                w.write(new dev.hubkit.converters.HeapData(t, java.nio.ByteBuffer.allocate(4)));
            }
            w.finish();
        }
        Converter.convert(src, dir.resolve("one.safetensors"), new ConvertOptions(null, null, 0, true),
                ProgressListener.none());
        assertThat(Inspector.inspect(dir.resolve("one.safetensors")).tensors()).extracting(Inspection.Tensor::name)
                .containsExactly("layers.1.w", "layers.\u00b2.w");
        assertThatThrownBy(() -> Converter.convert(src, dir.resolve("split"), new ConvertOptions(
                TargetFormat.SAFETENSORS, null, 4, true), ProgressListener.none()))
                .hasMessageContaining("invalid literal for int() with base 10: '\u00b2'");
        assertThat(dir.resolve("split")).doesNotExist();
    }

    private static final String[] EXPECTED_NATURAL = {"7", "B.w", "a.", "a..x", "a.x", "a2.x", "a02.x", "a10.x", "b.x", "h.0.attn", "h.0.attn.bias", "h.00.mlp", "layers.2", "layers.2.w", "layers.10.w", "lm_head.weight", "z.w", "\u00e9.w"};
}
