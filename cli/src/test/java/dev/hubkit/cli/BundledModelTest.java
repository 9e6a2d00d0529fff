package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.cli.quickstart.BundledModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the bundled tiny BERT repo made by scripts/make-tiny-model.py against the formats it claims. */
class BundledModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BundledModel MODEL = BundledModel.tinyBert();

    private static JsonNode config;
    private static byte[] safetensors;

    @BeforeAll
    static void load() throws IOException {
        config = JSON.readTree(bytes("config.json"));
        safetensors = bytes("model.safetensors");
    }

    private static byte[] bytes(String file) throws IOException {
        try (InputStream in = MODEL.open(file)) {
            return in.readAllBytes();
        }
    }

    private static int cfg(String key) {
        JsonNode n = config.get(key);
        assertThat(n).as(key).isNotNull();
        assertThat(n.isInt()).as(key + " is an integer").isTrue();
        return n.intValue();
    }

    @Test
    void configIsTheTinyBert() {
        assertThat(config.path("model_type").asText()).isEqualTo("bert");
        assertThat(cfg("hidden_size")).isEqualTo(32);
        assertThat(cfg("num_hidden_layers")).isEqualTo(2);
        assertThat(cfg("num_attention_heads")).isEqualTo(2);
        assertThat(cfg("intermediate_size")).isEqualTo(64);
        assertThat(cfg("vocab_size")).isBetween(900, 1100);
    }

    @Test
    void safetensorsHeaderIsValidAndMatchesTheConfig() throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(safetensors).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buf.getLong(0);
        assertThat(headerLength).isPositive().isLessThan(safetensors.length - 8L);
        assertThat(headerLength % 8).as("header padded to 8 bytes").isZero();
        String headerText = new String(safetensors, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(headerText).startsWith("{");
        JsonNode header = JSON.readTree(headerText);
        assertThat(headerText.substring(headerText.lastIndexOf('}') + 1)).isBlank();
        assertThat(header.path("__metadata__").path("format").asText()).isEqualTo("pt");

        long dataLength = safetensors.length - 8L - headerLength;
        int hidden = cfg("hidden_size");
        int inter = cfg("intermediate_size");
        Map<String, List<Integer>> expected = expectedShapes(hidden, inter);
        Map<String, List<Integer>> actual = new HashMap<>();
        List<long[]> ranges = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : header.properties()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode t = e.getValue();
            assertThat(t.path("dtype").asText()).as(e.getKey()).isEqualTo("F32");
            List<Integer> shape = new ArrayList<>();
            t.path("shape").forEach(d -> shape.add(d.intValue()));
            actual.put(e.getKey(), shape);
            long begin = t.path("data_offsets").get(0).longValue();
            long end = t.path("data_offsets").get(1).longValue();
            long numel = shape.stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
            assertThat(end - begin).as(e.getKey() + " byte size").isEqualTo(numel * 4);
            ranges.add(new long[] {begin, end});
        }
        assertThat(actual).isEqualTo(expected);

        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        long at = 0;
        for (long[] range : ranges) {
            assertThat(range[0]).as("tensors are contiguous and do not overlap").isEqualTo(at);
            at = range[1];
        }
        assertThat(at).as("the data section is exactly covered").isEqualTo(dataLength);
        assertThat(safetensors.length).isLessThan(2 * 1024 * 1024);
    }

    private static Map<String, List<Integer>> expectedShapes(int hidden, int inter) {
        Map<String, List<Integer>> m = new HashMap<>();
        m.put("embeddings.word_embeddings.weight", List.of(cfg("vocab_size"), hidden));
        m.put("embeddings.position_embeddings.weight", List.of(cfg("max_position_embeddings"), hidden));
        m.put("embeddings.token_type_embeddings.weight", List.of(cfg("type_vocab_size"), hidden));
        m.put("embeddings.LayerNorm.weight", List.of(hidden));
        m.put("embeddings.LayerNorm.bias", List.of(hidden));
        for (int n = 0; n < cfg("num_hidden_layers"); n++) {
            String p = "encoder.layer." + n + ".";
            for (String sub : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                    "attention.output.dense")) {
                m.put(p + sub + ".weight", List.of(hidden, hidden));
                m.put(p + sub + ".bias", List.of(hidden));
            }
            m.put(p + "attention.output.LayerNorm.weight", List.of(hidden));
            m.put(p + "attention.output.LayerNorm.bias", List.of(hidden));
            m.put(p + "intermediate.dense.weight", List.of(inter, hidden));
            m.put(p + "intermediate.dense.bias", List.of(inter));
            m.put(p + "output.dense.weight", List.of(hidden, inter));
            m.put(p + "output.dense.bias", List.of(hidden));
            m.put(p + "output.LayerNorm.weight", List.of(hidden));
            m.put(p + "output.LayerNorm.bias", List.of(hidden));
        }
        m.put("pooler.dense.weight", List.of(hidden, hidden));
        m.put("pooler.dense.bias", List.of(hidden));
        return m;
    }

    @Test
    void weightsAreFiniteAndNotConstant() {
        ByteBuffer buf = ByteBuffer.wrap(safetensors).order(ByteOrder.LITTLE_ENDIAN);
        int dataStart = (int) (8 + buf.getLong(0));
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int i = dataStart; i < safetensors.length; i += 4) {
            float v = buf.getFloat(i);
            assertThat(Float.isFinite(v)).isTrue();
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(max - min).isGreaterThan(0.01f);
        assertThat(max).isLessThan(2f);
    }

    @Test
    void vocabularyAgreesAcrossVocabTxtTokenizerJsonAndConfig() throws IOException {
        List<String> vocab = new String(bytes("vocab.txt"), StandardCharsets.UTF_8).lines().toList();
        assertThat(vocab).hasSize(cfg("vocab_size")).doesNotHaveDuplicates();
        assertThat(vocab).contains("the", "world", "##s", "##ing", "a", "z", "!");

        JsonNode tok = JSON.readTree(bytes("tokenizer.json"));
        JsonNode model = tok.path("model");
        assertThat(model.path("type").asText()).isEqualTo("WordPiece");
        assertThat(model.path("continuing_subword_prefix").asText()).isEqualTo("##");
        assertThat(model.path("unk_token").asText()).isEqualTo("[UNK]");
        assertThat(model.path("vocab").size()).isEqualTo(vocab.size());
        for (int id = 0; id < vocab.size(); id++) {
            assertThat(model.path("vocab").path(vocab.get(id)).intValue()).as(vocab.get(id)).isEqualTo(id);
        }
        assertThat(tok.path("normalizer").path("type").asText()).isEqualTo("BertNormalizer");
        assertThat(tok.path("normalizer").path("lowercase").asBoolean()).isTrue();
        assertThat(tok.path("pre_tokenizer").path("type").asText()).isEqualTo("BertPreTokenizer");
        assertThat(tok.path("decoder").path("type").asText()).isEqualTo("WordPiece");
        assertThat(tok.path("post_processor").path("type").asText()).isEqualTo("TemplateProcessing");

        List<String> special = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
        assertThat(tok.path("added_tokens").size()).isEqualTo(special.size());
        for (JsonNode added : tok.path("added_tokens")) {
            assertThat(special).contains(added.path("content").asText());
            assertThat(added.path("special").asBoolean()).isTrue();
            assertThat(vocab.get(added.path("id").intValue())).isEqualTo(added.path("content").asText());
        }
        JsonNode processorTokens = tok.path("post_processor").path("special_tokens");
        assertThat(processorTokens.path("[CLS]").path("ids").get(0).intValue()).isEqualTo(vocab.indexOf("[CLS]"));
        assertThat(processorTokens.path("[SEP]").path("ids").get(0).intValue()).isEqualTo(vocab.indexOf("[SEP]"));
        assertThat(cfg("pad_token_id")).isEqualTo(vocab.indexOf("[PAD]"));

        JsonNode tokenizerConfig = JSON.readTree(bytes("tokenizer_config.json"));
        assertThat(tokenizerConfig.path("model_max_length").intValue()).isEqualTo(cfg("max_position_embeddings"));
        JsonNode map = JSON.readTree(bytes("special_tokens_map.json"));
        assertThat(map.path("cls_token").asText()).isEqualTo("[CLS]");
        assertThat(map.path("mask_token").asText()).isEqualTo("[MASK]");
    }
}
