package dev.hubkit.core.config;

import static dev.hubkit.core.config.ConfigTestSupport.stderrOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.core.HubkitException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad input gives a ConfigException naming the file, the field, what was found and expected. */
class ConfigErrorsTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void invalidJsonReportsLineAndColumn() throws IOException {
        Path file = write("config.json", "{\n  \"model_type\": \"bert\",\n  \"hidden_size\": 768,,\n}\n");
        assertThatThrownBy(() -> ModelConfig.fromFile(file))
                .isInstanceOf(ConfigException.class)
                .isInstanceOf(HubkitException.class)
                .hasMessageStartingWith(file.toString() + ": invalid JSON at line 3, column 22")
                .hasMessageContaining("fix the file")
                .satisfies(e -> {
                    assertThat(((ConfigException) e).file()).isEqualTo(file.toString());
                    assertThat(((ConfigException) e).field()).isNull();
                });
    }

    @Test
    void truncatedJson() {
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\": \"bert\", \"vocab_size\": 30", "config.json"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("invalid JSON at line 1");
    }

    @Test
    void trailingGarbageEmptyFileAndNonObject() throws IOException {
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\": \"bert\"} {}", "config.json"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("after the end of the top-level value");
        Path empty = write("empty/config.json", "");
        assertThatThrownBy(() -> ModelConfig.fromFile(empty))
                .isInstanceOf(ConfigException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ModelConfig.fromJson("[1, 2]", "config.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config.json: expected a JSON object at the top level, found an array [1,2]");
        Path binary = dir.resolve("bin.json");
        Files.write(binary, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        assertThatThrownBy(() -> ModelConfig.fromFile(binary))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> ModelConfig.fromFile(dir.resolve("nope.json")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ModelConfig.fromFile(dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("directory");
    }

    @Test
    void deeplyNestedJsonIsRefusedNotAStackOverflow() {
        String deep = "{\"model_type\":\"bert\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> ModelConfig.fromJson(deep, "config.json"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("invalid JSON");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"num_attention_heads\": -3 | num_attention_heads | expected a positive integer, found -3",
        "\"hidden_size\": \"768\" | hidden_size | expected a positive integer, found string \"768\"",
        "\"hidden_size\": 768.5 | hidden_size | expected a positive integer, found 768.5",
        "\"vocab_size\": 0 | vocab_size | expected a positive integer, found 0",
        "\"num_hidden_layers\": 1e10 | num_hidden_layers | expected a positive integer, found 10000000000.0",
        "\"intermediate_size\": 99999999999 | intermediate_size | expected a positive integer, found 99999999999",
        "\"type_vocab_size\": -1 | type_vocab_size | expected a non-negative integer, found -1",
        "\"layer_norm_eps\": -1e-12 | layer_norm_eps | expected a positive number, found -1e-12",
        "\"layer_norm_eps\": \"tiny\" | layer_norm_eps | expected a positive number, found string \"tiny\"",
        "\"hidden_act\": 3 | hidden_act | expected a string, found 3",
        "\"tie_word_embeddings\": \"yes\" | tie_word_embeddings | expected true or false, found string \"yes\"",
        "\"architectures\": \"BertModel\" | architectures | expected a list of strings, found string \"BertModel\"",
        "\"architectures\": [1] | architectures[0] | expected a string, found 1",
        "\"pad_token_id\": \"0\" | pad_token_id | expected a token id (integer), a list of token ids or null",
        "\"eos_token_id\": [2, \"x\"] | eos_token_id[1] | expected a token id (integer), found string \"x\"",
        "\"torch_dtype\": \"float33\" | torch_dtype | expected a PyTorch dtype",
        "\"id2label\": {\"zero\": \"NEG\"} | id2label | expected integer class indices as keys, found key \"zero\"",
        "\"id2label\": {\"0\": 1} | id2label.0 | expected a string, found 1",
        "\"label2id\": {\"NEG\": \"0\"} | label2id.NEG | expected an integer, found string \"0\"",
        "\"position_embedding_type\": 1 | position_embedding_type | expected a string, found 1",
    })
    void wrongTypesAndImpossibleValues(String field, String name, String message) {
        String json = "{\"model_type\": \"bert\", " + field + "}";
        assertThatThrownBy(() -> ModelConfig.fromJson(json, "config.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config.json: field '" + name + "': " + message)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo(name));
    }

    @Test
    void exampleFromTheIssue() {
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"llama\",\"num_attention_heads\":-3}",
                "config.json"))
                .hasMessage("config.json: field 'num_attention_heads': expected a positive integer, found -3");
    }

    @Test
    void aliasedFieldIsNamedAsWritten() {
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"gpt2\",\"n_head\":0}", "gpt2/config.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("gpt2/config.json: field 'n_head': expected a positive integer, found 0");
    }

    @Test
    void nonDivisibleHeads() {
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"bert\",\"hidden_size\":770,"
                + "\"num_attention_heads\":12}", "config.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config.json: field 'hidden_size': expected a multiple of the number of attention heads "
                        + "(12) for model type 'bert', found 770");
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"gpt2\",\"n_embd\":100,\"n_head\":12}", "c"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("field 'n_embd'");
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"llama\",\"hidden_size\":100}", "c"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("(32, the 'llama' default)");
        // with an explicit head_dim Llama-style models may have any hidden size
        assertThat(ModelConfig.fromJson("{\"model_type\":\"llama\",\"hidden_size\":100,\"head_dim\":128}", "c")
                .headDim()).isEqualTo(128);
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"mistral\",\"num_attention_heads\":32,"
                + "\"num_key_value_heads\":6}", "c"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("c: field 'num_key_value_heads': expected a divisor of the number of attention heads (32), "
                        + "found 6");
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"bart\",\"d_model\":768,"
                + "\"encoder_attention_heads\":12,\"decoder_attention_heads\":7}", "c"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("decoder_attention_heads");
    }

    @Test
    void familySpecificErrors() {
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"t5\",\"feed_forward_proj\":\"gelu-gated\"}",
                "c"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'feed_forward_proj'")
                .hasMessageContaining("gated-{ACT_FN}");
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"llama\",\"rope_theta\":0}", "c"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'rope_theta'");
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"llama\",\"rope_scaling\":2}", "c"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'rope_scaling'");
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"gpt_neox\",\"rotary_pct\":1.5}", "c"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'rotary_pct'");
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":7}", "c"))
                .isInstanceOf(ConfigException.class).hasMessage("c: field 'model_type': expected a string such as "
                        + "\"bert\", found 7");
    }

    @Test
    void genericConfigMissingFieldSaysWhereItLooked() {
        ModelConfig c = ModelConfig.fromJson("{\"model_type\":\"mamba\",\"d_model\":768}", "mamba/config.json");
        assertThat(c.hiddenSize()).isEqualTo(768);
        assertThatThrownBy(c::numAttentionHeads)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mamba/config.json: field 'num_attention_heads': is absent (looked for "
                        + "num_attention_heads, n_head, n_heads, num_heads, encoder_attention_heads)")
                .hasMessageContaining("model type 'mamba' has no default");
    }

    @Test
    void unknownFamiliesMayGiveSizesPerLayerOrStage() {
        // microsoft/swin-tiny-patch4-window7-224: num_heads per stage (SwinConfig num_attention_heads -> num_heads)
        ModelConfig swin = ModelConfig.fromJson("{\"model_type\":\"swin\",\"embed_dim\":96,\"depths\":[2,2,6,2],"
                + "\"num_heads\":[3,6,12,24],\"hidden_size\":768,\"num_layers\":4}", "swin/config.json");
        assertThat(swin.canonicalJson().get("num_attention_heads").toString()).isEqualTo("[3,6,12,24]");
        assertThat(swin.describe()).containsPattern("attention heads: +\\[3,6,12,24\\]");
        assertThatThrownBy(swin::numAttentionHeads).isInstanceOf(ConfigException.class)
                .hasMessageContaining("field 'num_heads'");
        // Gemma 3n: intermediate_size per layer; LXMERT: layers per part; MusicFlamingo: an integral float;
        // GLM-5 Next: head_dim 0 (unused beside qk_head_dim)
        assertThat(ModelConfig.fromJson("{\"model_type\":\"gemma3n_text\",\"intermediate_size\":[16384,8192]}", "c")
                .canonicalJson().get("intermediate_size").toString()).isEqualTo("[16384,8192]");
        assertThat(ModelConfig.fromJson("{\"model_type\":\"lxmert\",\"num_hidden_layers\":{\"vision\":5,"
                + "\"language\":9}}", "c").resolve("num_hidden_layers").orElseThrow().get("language").asInt())
                .isEqualTo(9);
        assertThat(ModelConfig.fromJson("{\"model_type\":\"musicflamingo\",\"max_position_embeddings\":1200.0}", "c")
                .canonicalJson().get("max_position_embeddings").asDouble()).isEqualTo(1200.0);
        assertThat(ModelConfig.fromJson("{\"model_type\":\"glm5_next_text\",\"head_dim\":0}", "c")
                .canonicalJson().get("head_dim").asInt()).isZero();
        // but not negative, fractional or textual sizes, in a list or not
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"swin\",\"num_heads\":[3,6,-12]}", "c"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("c: field 'num_heads[2]': expected a non-negative integer (or a list of sizes, one per "
                        + "layer or stage), found -12");
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"swin\",\"num_heads\":-3}", "c"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("field 'num_heads': expected a positive "
                        + "integer (or a list of sizes, one per layer or stage), found -3");
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"x\",\"hidden_size\":\"768\"}", "c"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("found string \"768\"");
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"x\",\"n_layer\":2.5}", "c"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("field 'n_layer'");
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"x\",\"d_model\":0}", "c"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("field 'd_model'");
        // typed families stay strict
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"bert\",\"num_attention_heads\":[12]}", "c"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected a positive integer, found an array");
    }

    @Test
    void unknownModelTypeGivesGenericConfigAndWarning() {
        ModelConfig[] holder = new ModelConfig[1];
        String log = stderrOf(() -> holder[0] = ModelConfig.fromJson("{\"model_type\":\"phi3\",\"hidden_size\":3072,"
                + "\"num_attention_heads\":32,\"num_hidden_layers\":32}", "phi3/config.json"));
        assertThat(holder[0]).isExactlyInstanceOf(ModelConfig.class);
        assertThat(holder[0].modelType()).isEqualTo("phi3");
        assertThat(holder[0].hiddenSize()).isEqualTo(3072);
        assertThat(log).contains("WARN").contains("phi3/config.json").contains("model_type 'phi3'")
                .contains("generic config");
    }

    @Test
    void missingModelTypeIsInferredFromTheNameLikeAutoConfig() throws IOException {
        Path file = write("roberta-large-mnli/config.json", "{\"hidden_size\": 1024, \"num_attention_heads\": 16}");
        ModelConfig c = ModelConfig.fromFile(file);
        assertThat(c).isExactlyInstanceOf(RobertaConfig.class);
        assertThat(c.modelType()).isEqualTo("roberta");
        assertThat(c.padTokenId()).hasValue(1);
        assertThat(c.canonicalJson().get("model_type").asText()).isEqualTo("roberta");
        assertThat(c.toJsonString()).doesNotContain("model_type"); // the file is written back unchanged
    }

    @Test
    void missingModelTypeIsInferredFromArchitectures() throws IOException {
        Path file = write("my-model/config.json", "{\"architectures\": [\"GPT2LMHeadModel\"], \"n_embd\": 64,"
                + " \"n_head\": 4}");
        ModelConfig c = ModelConfig.fromFile(file);
        assertThat(c).isExactlyInstanceOf(Gpt2Config.class);
        assertThat(c.hiddenSize()).isEqualTo(64);
        Path qwenMoe = write("other/config.json", "{\"architectures\": [\"Qwen2MoeForCausalLM\"]}");
        assertThat(stderrOf(() -> assertThat(ModelConfig.fromFile(qwenMoe).modelType()).isEqualTo("unknown")))
                .contains("no model_type");
    }

    @Test
    void missingModelTypeWithoutCluesIsGenericWithWarning() throws IOException {
        Path file = write("mystery/config.json", "{\"d_model\": 256}");
        ModelConfig[] holder = new ModelConfig[1];
        String log = stderrOf(() -> holder[0] = ModelConfig.fromFile(file));
        assertThat(holder[0].modelType()).isEqualTo("unknown");
        assertThat(holder[0].hiddenSize()).isEqualTo(256);
        assertThat(log).contains("WARN").contains("no model_type").contains("Add \"model_type\"");
    }

    @Test
    void oversizedFileIsRefusedBeforeReading() throws IOException {
        Path big = dir.resolve("big.json");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            ch.position(ConfigJson.MAX_BYTES + 1);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'}'}));
        }
        assertThatThrownBy(() -> ModelConfig.fromFile(big))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is this the right file");
    }
}
