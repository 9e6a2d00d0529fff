package dev.hubkit.core.config;

import static dev.hubkit.core.config.ConfigTestSupport.config;
import static dev.hubkit.core.config.ConfigTestSupport.squeeze;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real config.json files of 19 models: typed values, canonical view and byte-exact round trips. */
class RealConfigsTest {

    /** Marker for "the family cannot answer this field". */
    private static final Integer ABSENT = null;

    /**
     * Expected canonical values. Integers: vocab, hidden, layers, heads, kv heads, head dim, intermediate,
     * max positions (null: absent), type vocab. Then eps (null: absent), act (null: absent), dtype, pad, bos, eos, tie.
     */
    record Expect(String model, Class<? extends ModelConfig> type, String modelType, int vocab, int hidden,
                  int layers, int heads, int kvHeads, int headDim, int intermediate, Integer maxPos, int typeVocab,
                  Double eps, String act, String dtype, Integer pad, Integer bos, Integer eos, boolean tie) {
        @Override
        public String toString() {
            return model;
        }
    }

    static Stream<Expect> models() {
        return Stream.of(
            new Expect("bert-base-uncased", BertConfig.class, "bert", 30522, 768, 12, 12, 12, 64, 3072, 512, 2,
                    1e-12, "gelu", null, 0, null, null, true),
            new Expect("roberta-base", RobertaConfig.class, "roberta", 50265, 768, 12, 12, 12, 64, 3072, 514, 1,
                    1e-5, "gelu", null, 1, 0, 2, true),
            new Expect("xlm-roberta-base", XlmRobertaConfig.class, "xlm-roberta", 250002, 768, 12, 12, 12, 64, 3072,
                    514, 1, 1e-5, "gelu", null, 1, 0, 2, true),
            new Expect("distilbert-base-uncased", DistilBertConfig.class, "distilbert", 30522, 768, 6, 12, 12, 64,
                    3072, 512, 0, 1e-12, "gelu", null, 0, null, null, true),
            new Expect("albert-base-v2", AlbertConfig.class, "albert", 30000, 768, 12, 12, 12, 64, 3072, 512, 2,
                    1e-12, "gelu_new", null, 0, 2, 3, true),
            new Expect("electra-small-discriminator", ElectraConfig.class, "electra", 30522, 256, 12, 4, 4, 64, 1024,
                    512, 2, 1e-12, "gelu", null, 0, null, null, true),
            new Expect("deberta-v3-small", DebertaV2Config.class, "deberta-v2", 128100, 768, 6, 12, 12, 64, 3072, 512,
                    0, 1e-7, "gelu", null, 0, null, null, true),
            new Expect("gpt2", Gpt2Config.class, "gpt2", 50257, 768, 12, 12, 12, 64, 3072, 1024, 0, 1e-5, "gelu_new",
                    null, null, 50256, 50256, true),
            new Expect("pythia-70m", GptNeoXConfig.class, "gpt_neox", 50304, 512, 6, 8, 8, 64, 2048, 2048, 0, 1e-5,
                    "gelu", "float16", null, 0, 0, false),
            new Expect("t5-small", T5Config.class, "t5", 32128, 512, 6, 8, 8, 64, 2048, 512, 0, 1e-6, "relu", null, 0,
                    null, 1, true),
            new Expect("bart-base", BartConfig.class, "bart", 50265, 768, 6, 12, 12, 64, 3072, 1024, 0, 1e-5, "gelu",
                    "float32", 1, 0, 2, true),
            new Expect("Llama-2-7b-hf", LlamaConfig.class, "llama", 32000, 4096, 32, 32, 32, 128, 11008, 4096, 0,
                    1e-5, "silu", "float16", null, 1, 2, false),
            new Expect("Mistral-7B-v0.1", MistralConfig.class, "mistral", 32000, 4096, 32, 32, 8, 128, 14336, 32768,
                    0, 1e-5, "silu", "bfloat16", null, 1, 2, false),
            new Expect("Qwen2-0.5B", Qwen2Config.class, "qwen2", 151936, 896, 24, 14, 2, 64, 4864, 131072, 0, 1e-6,
                    "silu", "bfloat16", null, 151643, 151643, true),
            new Expect("gemma-2b", GemmaConfig.class, "gemma", 256000, 2048, 18, 8, 1, 256, 16384, 8192, 0, 1e-6,
                    "gelu", "bfloat16", 0, 2, 1, true),
            // families without a typed config: the generic aliases must still answer
            new Expect("opt-125m", ModelConfig.class, "opt", 50272, 768, 12, 12, 12, 64, 3072, 2048, 0, null, "relu",
                    "float16", 1, 2, 2, true),
            new Expect("bloom-560m", ModelConfig.class, "bloom", 250880, 1024, 24, 16, 16, 64, 4096, ABSENT, 0, 1e-5,
                    null, null, 3, 1, 2, true),
            new Expect("phi-2", ModelConfig.class, "phi", 51200, 2560, 32, 32, 32, 80, 10240, 2048, 0, 1e-5,
                    "gelu_new", "float16", null, 50256, 50256, false),
            new Expect("falcon-7b", ModelConfig.class, "falcon", 65024, 4544, 32, 71, 1, 64, 18176, ABSENT, 0, 1e-5,
                    null, "bfloat16", null, 11, 11, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void typedAccessorsAnswerForEveryFamily(Expect e) {
        ModelConfig c = ModelConfig.fromFile(config(e.model()));
        assertThat(c).isExactlyInstanceOf(e.type());
        assertThat(c.modelType()).isEqualTo(e.modelType());
        assertThat(c.vocabSize()).isEqualTo(e.vocab());
        assertThat(c.hiddenSize()).isEqualTo(e.hidden());
        assertThat(c.numHiddenLayers()).isEqualTo(e.layers());
        assertThat(c.numAttentionHeads()).isEqualTo(e.heads());
        assertThat(c.numKeyValueHeads()).isEqualTo(e.kvHeads());
        assertThat(c.headDim()).isEqualTo(e.headDim());
        assertThat(c.intermediateSize()).isEqualTo(e.intermediate());
        if (e.maxPos() == null) {
            assertThatThrownBy(c::maxPositionEmbeddings).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("max_position_embeddings").hasMessageContaining("n_positions");
        } else {
            assertThat(c.maxPositionEmbeddings()).isEqualTo(e.maxPos());
        }
        assertThat(c.typeVocabSize()).isEqualTo(e.typeVocab());
        if (e.eps() == null) {
            assertThatThrownBy(c::layerNormEps).isInstanceOf(ConfigException.class);
        } else {
            assertThat(c.layerNormEps()).isEqualTo(e.eps());
        }
        if (e.act() == null) {
            assertThatThrownBy(c::hiddenAct).isInstanceOf(ConfigException.class);
        } else {
            assertThat(c.hiddenAct()).isEqualTo(e.act());
        }
        assertThat(c.torchDtype().orElse(null)).isEqualTo(e.dtype());
        assertThat(c.padTokenId().isPresent() ? c.padTokenId().getAsInt() : null).isEqualTo(e.pad());
        assertThat(c.bosTokenId().isPresent() ? c.bosTokenId().getAsInt() : null).isEqualTo(e.bos());
        assertThat(c.eosTokenId().isPresent() ? c.eosTokenId().getAsInt() : null).isEqualTo(e.eos());
        assertThat(c.tieWordEmbeddings()).isEqualTo(e.tie());
        // deberta-v3-small's real config has no architectures field
        assertThat(c.architectures()).hasSize(e.model().equals("deberta-v3-small") ? 0 : 1);
        assertThat(c.describe()).contains("hidden size:").contains(String.valueOf(e.hidden()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void unchangedConfigIsWrittenBackByteForByte(Expect e) throws IOException {
        Path file = config(e.model());
        String original = Files.readString(file, StandardCharsets.UTF_8);
        ModelConfig c = ModelConfig.fromFile(file);
        assertThat(squeeze(c.toJsonString())).isEqualTo(squeeze(original));
        // these files were written by transformers (2-space indent), so even the whitespace matches
        if (!e.model().equals("deberta-v3-small")) {
            assertThat(c.toJsonString()).isEqualTo(original);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void readWriteReadKeepsEverything(Expect e, @TempDir Path dir) {
        ModelConfig first = ModelConfig.fromFile(config(e.model()));
        Path out = dir.resolve("config.json");
        first.save(out);
        ModelConfig second = ModelConfig.fromFile(out);
        assertThat(second.toJson()).isEqualTo(first.toJson());
        assertThat(second.canonicalJson()).isEqualTo(first.canonicalJson());
        assertThat(second.toJsonString()).isEqualTo(first.toJsonString());
        assertThat(second.getClass()).isEqualTo(first.getClass());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("config.json");
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void canonicalJsonHasFileKeysThenCanonicalNames(Expect e) {
        ModelConfig c = ModelConfig.fromFile(config(e.model()));
        ObjectNode canonical = c.canonicalJson();
        List<String> fileKeys = iterate(c.toJson());
        assertThat(iterate(canonical)).startsWith(fileKeys.toArray(String[]::new));
        assertThat(canonical.get("model_type").asText()).isEqualTo(e.modelType());
        assertThat(canonical.get("hidden_size").asInt()).isEqualTo(e.hidden());
        assertThat(canonical.get("num_hidden_layers").asInt()).isEqualTo(e.layers());
        assertThat(canonical.get("num_attention_heads").asInt()).isEqualTo(e.heads());
        assertThat(canonical.get("intermediate_size").asInt()).isEqualTo(e.intermediate());
        assertThat(canonical.get("vocab_size").asInt()).isEqualTo(e.vocab());
        assertThat(canonical.has("max_position_embeddings")).isEqualTo(e.maxPos() != null);
    }

    private static List<String> iterate(ObjectNode node) {
        List<String> keys = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
