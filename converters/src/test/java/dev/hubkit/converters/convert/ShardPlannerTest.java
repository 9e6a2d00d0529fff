package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static final String[] EXPECTED_NATURAL = {"7", "B.w", "a.", "a..x", "a.x", "a2.x", "a02.x", "a10.x", "b.x", "h.0.attn", "h.0.attn.bias", "h.00.mlp", "layers.2", "layers.2.w", "layers.10.w", "lm_head.weight", "z.w", "\u00e9.w"};
}
