package dev.hubkit.converters.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.ProgressListener;
import dev.hubkit.converters.convert.TargetFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --max-shard-size} output of a {@code .bin} with tied weights, compared with what huggingface_hub 2.0's
 * {@code split_torch_state_dict_into_shards} and transformers 5's index writing give for
 * {@code {'w2': zeros(1), 'w1': zeros(1), 'emb': e, 'head': e, 'a': zeros(1)}} (e = zeros(2)), limit 12 bytes:
 * shards {@code [w2, w1], [emb, a, head]}, {@code total_size} 20 (printed by Python, pinned here); for
 * safetensors, as transformers 5.17's {@code save_pretrained} orders that state dict before splitting.
 */
class ShardedOutputTest {
    @TempDir
    Path tmp;

    private Path tiedSource() throws Exception {
        TestPickle p = new TestPickle().op('}').op('(').str("w2").tensor("0", 1).str("w1").tensor("1", 1)
                .str("emb").tensor("2", 2);
        int e = p.put();
        byte[] pickle = p.str("head").get(e).str("a").tensor("3", 1).op('u').stop();
        return TestPickle.zip(tmp.resolve("tied.pt"), pickle, Map.of("0", TestPickle.floats(1),
                "1", TestPickle.floats(1), "2", TestPickle.floats(2), "3", TestPickle.floats(1)));
    }

    /** The index for {@code (name, shard number)} pairs, as Python's json.dumps(indent=2, sort_keys=True) writes it. */
    private static String index(String stem, String ext, long params, long size, String... nameShard) {
        StringBuilder sb = new StringBuilder("{\n  \"metadata\": {\n    \"total_parameters\": " + params
                + ",\n    \"total_size\": " + size + "\n  },\n  \"weight_map\": {\n");
        for (int i = 0; i < nameShard.length; i += 2) {
            sb.append("    \"").append(nameShard[i]).append("\": \"").append(stem).append("-0000")
                    .append(nameShard[i + 1]).append("-of-00002").append(ext).append('"')
                    .append(i + 2 < nameShard.length ? ",\n" : "\n");
        }
        return sb.append("  }\n}\n").toString();
    }

    @Test
    void pytorchShardsFollowTheStateDictOrderWithTiedWeightsTogether() throws Exception {
        Path out = tmp.resolve("pt");
        Converter.convert(tiedSource(), out, new ConvertOptions(TargetFormat.PYTORCH, null, 12, true),
                ProgressListener.none());
        assertThat(Files.readString(out.resolve("pytorch_model.bin.index.json"), StandardCharsets.UTF_8))
                .isEqualTo(index("pytorch_model", ".bin", 5, 20, "a", "2", "emb", "2", "head", "2", "w1", "1", "w2", "1"));
    }

    @Test
    void safetensorsShardsFollowTheOrderSavePretrainedSplitsIn() throws Exception {
        // transformers 5 drops the tied 'head' and splits the rest sorted by dot_natural_key: [a, emb], [w1, w2]
        Path out = tmp.resolve("st");
        Converter.convert(tiedSource(), out, new ConvertOptions(TargetFormat.SAFETENSORS, null, 12, true),
                ProgressListener.none());
        assertThat(Files.readString(out.resolve("model.safetensors.index.json"), StandardCharsets.UTF_8))
                .isEqualTo(index("model", ".safetensors", 5, 20, "a", "1", "emb", "1", "w1", "2", "w2", "2"));
    }
}
