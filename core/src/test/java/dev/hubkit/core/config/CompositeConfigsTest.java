package dev.hubkit.core.config;

import static dev.hubkit.core.config.ConfigTestSupport.stderrOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Composite configs (Llava, Gemma 3, Mllama, vision-encoder-decoder...) keep their text model under
 * {@code text_config} or {@code decoder}; the canonical fields their top level lacks come from there,
 * as transformers' {@code get_text_config(decoder=True)} gives them.
 */
class CompositeConfigsTest {

    /** llava-hf/llava-1.5-7b-hf: the text config lists only what differs from LlamaConfig's defaults. */
    private static final String LLAVA = """
            {
              "architectures": ["LlavaForConditionalGeneration"],
              "ignore_index": -100,
              "image_token_index": 32000,
              "model_type": "llava",
              "pad_token_id": 32001,
              "projector_hidden_act": "gelu",
              "text_config": {
                "architectures": ["LlamaForCausalLM"],
                "max_position_embeddings": 4096,
                "model_type": "llama",
                "rms_norm_eps": 1e-05,
                "torch_dtype": "float16",
                "vocab_size": 32064
              },
              "tie_word_embeddings": false,
              "torch_dtype": "float16",
              "vision_config": {
                "hidden_size": 1024,
                "image_size": 336,
                "intermediate_size": 4096,
                "model_type": "clip_vision_model",
                "num_attention_heads": 16,
                "num_hidden_layers": 24,
                "patch_size": 14,
                "projection_dim": 768,
                "vocab_size": 32000
              },
              "vocab_size": 32064
            }
            """;

    /** Shaped like google/gemma-3-4b-it: sizes only in text_config, whose model type hubkit has no class for. */
    private static final String GEMMA3 = """
            {
              "architectures": ["Gemma3ForConditionalGeneration"],
              "eos_token_id": [1, 106],
              "model_type": "gemma3",
              "text_config": {
                "head_dim": 256,
                "hidden_activation": "gelu_pytorch_tanh",
                "hidden_size": 2560,
                "intermediate_size": 10240,
                "model_type": "gemma3_text",
                "num_attention_heads": 8,
                "num_hidden_layers": 34,
                "num_key_value_heads": 4,
                "rms_norm_eps": 1e-06,
                "sliding_window": 1024,
                "vocab_size": 262208,
                "bos_token_id": 2,
                "pad_token_id": null
              },
              "torch_dtype": "bfloat16",
              "vision_config": {
                "hidden_size": 1152,
                "model_type": "siglip_vision_model",
                "num_attention_heads": 16,
                "num_hidden_layers": 27
              }
            }
            """;

    @Test
    void llavaSizesComeFromItsTypedLlamaTextConfig() {
        ModelConfig c = ModelConfig.fromJson(LLAVA, "llava/config.json");
        assertThat(c.modelType()).isEqualTo("llava");
        assertThat(c.textConfig()).get().isInstanceOf(LlamaConfig.class);
        assertThat(c.textConfigKey()).hasValue("text_config");
        // top level first (vocab_size, pad_token_id), then the text config's file values and LlamaConfig defaults
        assertThat(List.of(c.vocabSize(), c.hiddenSize(), c.numHiddenLayers(), c.numAttentionHeads(),
                c.numKeyValueHeads(), c.headDim(), c.intermediateSize(), c.maxPositionEmbeddings()))
                .containsExactly(32064, 4096, 32, 32, 32, 128, 11008, 4096);
        assertThat(c.layerNormEps()).isEqualTo(1e-5);
        assertThat(c.hiddenAct()).isEqualTo("silu");
        assertThat(c.padTokenId()).hasValue(32001);
        assertThat(c.bosTokenId()).hasValue(1);
        assertThat(c.tieWordEmbeddings()).isFalse();
        // the vision tower's sizes are not the model's
        assertThat(c.canonicalJson().get("hidden_size").asInt()).isEqualTo(4096);
    }

    @Test
    void gemma3CanonicalJsonShowsTheTextModel() {
        ObjectNode json = ModelConfig.fromJson(GEMMA3, "gemma-3-4b-it/config.json").canonicalJson();
        assertThat(json.get("hidden_size").asInt()).isEqualTo(2560);
        assertThat(json.get("num_hidden_layers").asInt()).isEqualTo(34);
        assertThat(json.get("num_attention_heads").asInt()).isEqualTo(8);
        assertThat(json.get("num_key_value_heads").asInt()).isEqualTo(4);
        assertThat(json.get("head_dim").asInt()).isEqualTo(256);
        assertThat(json.get("intermediate_size").asInt()).isEqualTo(10240);
        assertThat(json.get("vocab_size").asInt()).isEqualTo(262208);
        assertThat(json.get("layer_norm_eps").asDouble()).isEqualTo(1e-6);
        assertThat(json.get("hidden_act").asText()).isEqualTo("gelu_pytorch_tanh");
        assertThat(json.get("bos_token_id").asInt()).isEqualTo(2);
        assertThat(json.get("eos_token_id").toString()).isEqualTo("[1,106]"); // the top level's own
        assertThat(json.get("torch_dtype").asText()).isEqualTo("bfloat16");
        // the file's own keys are untouched and come first
        assertThat(json.fieldNames().next()).isEqualTo("architectures");
        assertThat(json.get("text_config").get("hidden_size").asInt()).isEqualTo(2560);
    }

    @Test
    void topLevelNullTokenIdFallsToTheTextConfig() {
        ModelConfig c = ModelConfig.fromJson("{\"model_type\":\"blip\",\"bos_token_id\":null,"
                + "\"text_config\":{\"model_type\":\"blip_text_model\",\"bos_token_id\":30522}}", "blip");
        assertThat(c.bosTokenId()).hasValue(30522);
        assertThat(c.canonicalJson().get("bos_token_id").asInt()).isEqualTo(30522);
    }

    @Test
    void encoderDecoderAnswersWithItsDecoder() {
        ModelConfig c = ModelConfig.fromJson("{\"model_type\":\"vision-encoder-decoder\","
                + "\"encoder\":{\"model_type\":\"vit\",\"hidden_size\":768,\"num_hidden_layers\":12},"
                + "\"decoder\":{\"model_type\":\"trocr\",\"d_model\":1024,\"decoder_layers\":12,"
                + "\"decoder_attention_heads\":16,\"vocab_size\":50265}}", "trocr-base");
        assertThat(c.textConfigKey()).hasValue("decoder");
        assertThat(List.of(c.hiddenSize(), c.numHiddenLayers(), c.numAttentionHeads(), c.vocabSize()))
                .containsExactly(1024, 12, 16, 50265);
    }

    @Test
    void deeplyNestedAndOverriddenTextConfigs() {
        // Qwen2.5-Omni: get_text_config is thinker_config's, itself composite
        ModelConfig omni = ModelConfig.fromJson("{\"model_type\":\"qwen2_5_omni\",\"thinker_config\":{"
                + "\"model_type\":\"qwen2_5_omni_thinker\",\"audio_config\":{\"d_model\":1280},"
                + "\"text_config\":{\"model_type\":\"qwen2_5_omni_text\",\"hidden_size\":3584,"
                + "\"num_hidden_layers\":28,\"vocab_size\":152064}},\"talker_config\":{\"hidden_size\":896}}", "omni");
        assertThat(List.of(omni.hiddenSize(), omni.numHiddenLayers(), omni.vocabSize()))
                .containsExactly(3584, 28, 152064);
        // Dia / Canary: get_text_config is decoder_config
        ModelConfig dia = ModelConfig.fromJson("{\"model_type\":\"dia\",\"encoder_config\":{\"hidden_size\":1024},"
                + "\"decoder_config\":{\"model_type\":\"dia_decoder\",\"hidden_size\":2048,"
                + "\"num_hidden_layers\":18}}", "dia");
        assertThat(List.of(dia.hiddenSize(), dia.numHiddenLayers())).containsExactly(2048, 18);
    }

    @Test
    void nestedUnknownTypeGivesOneWarningForTheTopLevelOnly() {
        String err = stderrOf(() -> ModelConfig.fromJson(GEMMA3, "gemma-3-4b-it/config.json"));
        List<String> warnings = err.lines().filter(l -> l.contains("WARN")).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("'gemma3'").doesNotContain("gemma3_text");
    }

    @Test
    void errorsInsideTheTextConfigNameTheNestedField() {
        String bad = LLAVA.replace("\"max_position_embeddings\": 4096", "\"num_hidden_layers\": -2");
        assertThatThrownBy(() -> ModelConfig.fromJson(bad, "llava/config.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("llava/config.json: field 'text_config.num_hidden_layers': expected a positive integer,"
                        + " found -2")
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("text_config.num_hidden_layers"));
        String indivisible = GEMMA3.replace("\"num_key_value_heads\": 4", "\"num_key_value_heads\": \"four\"");
        assertThatThrownBy(() -> ModelConfig.fromJson(indivisible, "gemma3.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("field 'text_config.num_key_value_heads'").hasMessageContaining("\"four\"");
    }

    @Test
    void flatConfigsAndTypedFamiliesHaveNoTextConfig() {
        assertThat(ModelConfig.fromJson("{\"model_type\":\"mixtral\",\"hidden_size\":4096}", "x").textConfig())
                .isEmpty();
        // a typed family never looks into nested objects
        ModelConfig llama = ModelConfig.fromJson("{\"model_type\":\"llama\",\"text_config\":{\"hidden_size\":8}}",
                "x");
        assertThat(llama.textConfig()).isEmpty();
        assertThat(llama.hiddenSize()).isEqualTo(4096);
        // an object that is not a config is passed over
        assertThat(ModelConfig.fromJson("{\"model_type\":\"x\",\"decoder\":\"bpe\"}", "x").textConfig()).isEmpty();
    }

    @Test
    void describeNamesTheTextConfig() {
        String text = ModelConfig.fromJson(LLAVA, "llava/config.json").describe();
        assertThat(text).containsPattern("text config: +text_config \\(llama, LlamaConfig\\)")
                .containsPattern("hidden size: +4096\n");
    }
}
