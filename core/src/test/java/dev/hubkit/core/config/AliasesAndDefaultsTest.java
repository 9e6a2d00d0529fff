package dev.hubkit.core.config;

import static dev.hubkit.core.config.ConfigTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Per-family aliases (attribute_map) and constructor defaults, checked against transformers' config classes. */
class AliasesAndDefaultsTest {

    /** The real config of {@code model} with {@code keys} removed. */
    private static ModelConfig without(String model, String... keys) throws IOException {
        ObjectNode json = (ObjectNode) ConfigJson.parseObject(Files.readString(config(model)), model).node();
        json.remove(List.of(keys));
        return ModelConfig.fromJson(json.toString(), model + "/config.json");
    }

    @Test
    void gpt2CanonicalJsonShowsBothNames() {
        ModelConfig c = ModelConfig.fromFile(config("gpt2"));
        ObjectNode json = c.canonicalJson();
        assertThat(json.get("n_embd").asInt()).isEqualTo(768);
        assertThat(json.get("hidden_size").asInt()).isEqualTo(768);
        assertThat(json.get("n_layer").asInt()).isEqualTo(12);
        assertThat(json.get("num_hidden_layers").asInt()).isEqualTo(12);
        assertThat(json.get("max_position_embeddings").asInt()).isEqualTo(1024);
        assertThat(json.get("intermediate_size").asInt()).isEqualTo(3072);
        assertThat(json.get("layer_norm_eps").asDouble()).isEqualTo(1e-5);
        assertThat(json.get("hidden_act").asText()).isEqualTo("gelu_new");
        assertThat(json.get("tie_word_embeddings").asBoolean()).isTrue();
        assertThat(json.get("torch_dtype").isNull()).isTrue();
        assertThat(c.resolve("n_embd").orElseThrow().asInt()).isEqualTo(768); // any key resolves to itself too
        assertThat(c.get("n_embd").orElseThrow().asInt()).isEqualTo(768);
    }

    @Test
    void t5AliasesAndFeedForwardActivation() {
        T5Config c = (T5Config) ModelConfig.fromFile(config("t5-small"));
        assertThat(c.dKv()).isEqualTo(64);
        assertThat(c.numDecoderLayers()).isEqualTo(6);
        assertThat(c.isEncoderDecoder()).isTrue();
        assertThat(c.relativeAttentionMaxDistance()).isEqualTo(128);
        assertThat(c.decoderStartTokenId()).hasValue(0);
        assertThat(c.isGatedAct()).isFalse();
        ModelConfig flan = ModelConfig.fromJson("{\"model_type\":\"t5\",\"d_model\":768,\"num_heads\":12,"
                + "\"feed_forward_proj\":\"gated-gelu\",\"num_layers\":12,\"num_decoder_layers\":10}", "flan");
        assertThat(flan.hiddenAct()).isEqualTo("gelu_new");
        assertThat(((T5Config) flan).numDecoderLayers()).isEqualTo(10);
        ModelConfig silu = ModelConfig.fromJson("{\"model_type\":\"t5\",\"feed_forward_proj\":\"gated-silu\"}", "x");
        assertThat(silu.hiddenAct()).isEqualTo("silu");
    }

    @Test
    void t5HeadsNeedNotDivideDModel() {
        // T5 sizes heads by d_kv: 3 heads of 64 on d_model 512 is legal
        ModelConfig c = ModelConfig.fromJson("{\"model_type\":\"t5\",\"d_model\":512,\"num_heads\":3}", "t5.json");
        assertThat(c.numAttentionHeads()).isEqualTo(3);
        assertThat(c.headDim()).isEqualTo(64);
    }

    @Test
    void distilBertAliases() {
        DistilBertConfig c = (DistilBertConfig) ModelConfig.fromFile(config("distilbert-base-uncased"));
        assertThat(c.canonicalJson().get("hidden_size").asInt()).isEqualTo(768);
        assertThat(c.canonicalJson().get("num_attention_heads").asInt()).isEqualTo(12);
        assertThat(c.sinusoidalPosEmbds()).isFalse();
    }

    @Test
    void bartUsesEncoderSizes() {
        BartConfig c = (BartConfig) ModelConfig.fromFile(config("bart-base"));
        assertThat(c.encoderLayers()).isEqualTo(6);
        assertThat(c.decoderLayers()).isEqualTo(6);
        assertThat(c.decoderFfnDim()).isEqualTo(3072);
        assertThat(c.numLabels()).isEqualTo(3);
        assertThat(c.id2label()).containsEntry(2, "LABEL_2");
        assertThat(c.label2id()).containsEntry("LABEL_1", 1);
        assertThat(c.forcedEosTokenId()).hasValue(2);
    }

    /** Field removed from a real config → the default of that family's transformers config class. */
    @ParameterizedTest(name = "{0} without {1} -> {2}")
    @CsvSource({
        "bert-base-uncased, vocab_size, 30522",
        "bert-base-uncased, hidden_size, 768",
        "bert-base-uncased, intermediate_size, 3072",
        "bert-base-uncased, max_position_embeddings, 512",
        "bert-base-uncased, type_vocab_size, 2",
        "roberta-base, pad_token_id, 1",
        "roberta-base, vocab_size, 50265",
        "xlm-roberta-base, vocab_size, 30522",
        "distilbert-base-uncased, dim, 768",
        "distilbert-base-uncased, n_layers, 6",
        "distilbert-base-uncased, hidden_dim, 3072",
        "albert-base-v2, vocab_size, 30000",
        "albert-base-v2, embedding_size, 128",
        "albert-base-v2, inner_group_num, 1",
        "electra-small-discriminator, hidden_size, 256",
        "deberta-v3-small, vocab_size, 128100",
        "gpt2, n_embd, 768",
        "gpt2, n_positions, 1024",
        "gpt2, vocab_size, 50257",
        "pythia-70m, vocab_size, 50432",
        "pythia-70m, rotary_pct, 0.25",
        "t5-small, d_ff, 2048",
        "t5-small, vocab_size, 32128",
        "t5-small, num_heads, 8",
        "bart-base, vocab_size, 50265",
        "bart-base, decoder_start_token_id, 2",
        "Llama-2-7b-hf, intermediate_size, 11008",
        "Llama-2-7b-hf, max_position_embeddings, 2048",
        "Llama-2-7b-hf, rope_theta, 10000.0",
        "Mistral-7B-v0.1, intermediate_size, 14336",
        "Mistral-7B-v0.1, max_position_embeddings, 131072",
        "Qwen2-0.5B, vocab_size, 151936",
        "Qwen2-0.5B, max_position_embeddings, 32768",
        "gemma-2b, vocab_size, 256000",
        "gemma-2b, max_position_embeddings, 8192",
    })
    void removedFieldGetsFamilyDefault(String model, String key, String expected) throws IOException {
        ModelConfig c = without(model, key);
        assertThat(c.get(key)).isEmpty();
        String canonical = switch (key) {
            case "dim", "n_embd", "d_model" -> "hidden_size";
            case "n_layers" -> "num_hidden_layers";
            case "hidden_dim", "d_ff" -> "intermediate_size";
            case "n_positions" -> "max_position_embeddings";
            case "num_heads" -> "num_attention_heads";
            default -> key;
        };
        assertThat(c.resolve(canonical).orElseThrow().asText()).isEqualTo(expected);
    }

    @Test
    void derivedDefaults() throws IOException {
        // GPT-2: n_inner None -> 4 * n_embd
        ModelConfig gpt2 = ModelConfig.fromJson("{\"model_type\":\"gpt2\",\"n_embd\":1600,\"n_head\":25,"
                + "\"n_inner\":null}", "gpt2-xl");
        assertThat(gpt2.intermediateSize()).isEqualTo(6400);
        // Llama: num_key_value_heads None -> num_attention_heads, head_dim -> hidden / heads
        ModelConfig llama = without("Llama-2-7b-hf", "num_key_value_heads");
        assertThat(llama.numKeyValueHeads()).isEqualTo(32);
        assertThat(llama.headDim()).isEqualTo(128);
        ModelConfig nullKv = ModelConfig.fromJson("{\"model_type\":\"llama\",\"num_key_value_heads\":null}", "x");
        assertThat(nullKv.numKeyValueHeads()).isEqualTo(32);
        // Mistral's own default is 8 kv heads, not num_attention_heads
        assertThat(without("Mistral-7B-v0.1", "num_key_value_heads").numKeyValueHeads()).isEqualTo(8);
        // PretrainedConfig: tie_word_embeddings True; Llama's own default False
        assertThat(without("bert-base-uncased", "tie_word_embeddings").tieWordEmbeddings()).isTrue();
        assertThat(without("Llama-2-7b-hf", "tie_word_embeddings").tieWordEmbeddings()).isFalse();
        // id2label from num_labels
        ModelConfig labels = ModelConfig.fromJson("{\"model_type\":\"bert\",\"num_labels\":4}", "x");
        assertThat(labels.id2label()).hasSize(4).containsEntry(3, "LABEL_3");
        assertThat(ModelConfig.fromJson("{\"model_type\":\"bert\"}", "x").numLabels()).isEqualTo(2);
    }

    @Test
    void emptyConfigOfAFamilyIsThatFamilysDefaults() {
        ModelConfig bert = ModelConfig.fromJson("{\"model_type\":\"bert\"}", "bert.json");
        assertThat(List.of(bert.vocabSize(), bert.hiddenSize(), bert.numHiddenLayers(), bert.numAttentionHeads(),
                bert.intermediateSize(), bert.maxPositionEmbeddings(), bert.typeVocabSize()))
                .containsExactly(30522, 768, 12, 12, 3072, 512, 2);
        assertThat(bert.layerNormEps()).isEqualTo(1e-12);
        assertThat(((BertConfig) bert).positionEmbeddingType()).isEqualTo("absolute");
        LlamaConfig llama = (LlamaConfig) ModelConfig.fromJson("{\"model_type\":\"llama\"}", "llama.json");
        assertThat(llama.hiddenAct()).isEqualTo("silu");
        assertThat(llama.layerNormEps()).isEqualTo(1e-6);
        assertThat(llama.ropeTheta()).isEqualTo(10000.0);
        assertThat(llama.ropeScaling()).isEmpty();
        GemmaConfig gemma = (GemmaConfig) ModelConfig.fromJson("{\"model_type\":\"gemma\"}", "gemma.json");
        assertThat(gemma.headDim()).isEqualTo(256);
        assertThat(gemma.hiddenAct()).isEqualTo("gelu_pytorch_tanh");
        Qwen2Config qwen = (Qwen2Config) ModelConfig.fromJson("{\"model_type\":\"qwen2\"}", "qwen.json");
        assertThat(qwen.intermediateSize()).isEqualTo(22016);
        assertThat(qwen.attentionBias()).isTrue();
    }

    @Test
    void gemmaHiddenActivationOverridesHiddenAct() {
        ModelConfig c = ModelConfig.fromJson("{\"model_type\":\"gemma\",\"hidden_act\":\"gelu\","
                + "\"hidden_activation\":\"gelu_pytorch_tanh\"}", "gemma");
        assertThat(c.hiddenAct()).isEqualTo("gelu_pytorch_tanh");
    }

    @Test
    void gemma7bHeadsNeedNotDivideHiddenSize() {
        ModelConfig c = ModelConfig.fromJson("{\"model_type\":\"gemma\",\"hidden_size\":3072,"
                + "\"num_attention_heads\":16,\"head_dim\":256}", "gemma-7b");
        assertThat(c.headDim() * c.numAttentionHeads()).isEqualTo(4096);
    }

    @Test
    void genericAliasesOfOtherFamilies() {
        // GPT-J / CodeGen style
        ModelConfig gptj = ModelConfig.fromJson("{\"model_type\":\"gptj\",\"n_embd\":4096,\"n_layer\":28,"
                + "\"n_head\":16,\"n_positions\":2048,\"n_inner\":null,\"activation_function\":\"gelu_new\","
                + "\"layer_norm_epsilon\":1e-05,\"vocab_size\":50400,\"rotary_dim\":64}", "gpt-j-6b");
        assertThat(List.of(gptj.hiddenSize(), gptj.numHiddenLayers(), gptj.numAttentionHeads(),
                gptj.maxPositionEmbeddings(), gptj.intermediateSize())).containsExactly(4096, 28, 16, 2048, 16384);
        assertThat(gptj.hiddenAct()).isEqualTo("gelu_new");
        // MPT style
        ModelConfig mpt = ModelConfig.fromJson("{\"model_type\":\"mpt\",\"d_model\":4096,\"n_heads\":32,"
                + "\"n_layers\":32,\"max_seq_len\":2048,\"expansion_ratio\":4,\"vocab_size\":50432}", "mpt-7b");
        assertThat(List.of(mpt.hiddenSize(), mpt.numHiddenLayers(), mpt.numAttentionHeads(),
                mpt.maxPositionEmbeddings(), mpt.intermediateSize())).containsExactly(4096, 32, 32, 2048, 16384);
        // ChatGLM style
        ModelConfig glm = ModelConfig.fromJson("{\"model_type\":\"chatglm\",\"hidden_size\":4096,\"num_layers\":28,"
                + "\"num_attention_heads\":32,\"ffn_hidden_size\":13696,\"seq_length\":32768,"
                + "\"padded_vocab_size\":65024,\"layernorm_epsilon\":1e-05,\"multi_query_group_num\":2,"
                + "\"kv_channels\":128}", "chatglm3-6b");
        assertThat(List.of(glm.numHiddenLayers(), glm.intermediateSize(), glm.maxPositionEmbeddings(),
                glm.vocabSize(), glm.numKeyValueHeads(), glm.headDim())).containsExactly(28, 13696, 32768, 65024, 2, 128);
        assertThat(glm.layerNormEps()).isEqualTo(1e-5);
        // XLNet / Transformer-XL style
        ModelConfig xlnet = ModelConfig.fromJson("{\"model_type\":\"xlnet\",\"d_model\":1024,\"n_layer\":24,"
                + "\"n_head\":16,\"d_inner\":4096,\"vocab_size\":32000}", "xlnet-large");
        assertThat(List.of(xlnet.hiddenSize(), xlnet.numHiddenLayers(), xlnet.numAttentionHeads(),
                xlnet.intermediateSize())).containsExactly(1024, 24, 16, 4096);
    }

    @Test
    void canonicalNameInTheFileWinsOverItsAttributeMapAlias() {
        // transformers sets the canonical kwarg last, through attribute_map, so it overrides the renamed key
        ModelConfig gpt2 = ModelConfig.fromJson("{\"model_type\":\"gpt2\",\"n_embd\":768,\"hidden_size\":1024,"
                + "\"n_head\":16,\"n_layer\":12,\"num_hidden_layers\":24}", "gpt2");
        assertThat(List.of(gpt2.hiddenSize(), gpt2.numHiddenLayers())).containsExactly(1024, 24);
        ModelConfig t5 = ModelConfig.fromJson("{\"model_type\":\"t5\",\"d_model\":512,\"hidden_size\":768,"
                + "\"d_kv\":64,\"head_dim\":32}", "t5");
        assertThat(List.of(t5.hiddenSize(), t5.headDim())).containsExactly(768, 32);
        ModelConfig bart = ModelConfig.fromJson("{\"model_type\":\"bart\",\"encoder_layers\":36,"
                + "\"num_hidden_layers\":12}", "bart");
        assertThat(bart.numHiddenLayers()).isEqualTo(12);
        ModelConfig distil = ModelConfig.fromJson("{\"model_type\":\"distilbert\",\"dim\":768,\"hidden_size\":1024,"
                + "\"n_heads\":16}", "distilbert");
        assertThat(distil.hiddenSize()).isEqualTo(1024);
        ModelConfig xglm = ModelConfig.fromJson("{\"model_type\":\"xglm\",\"attention_heads\":16,"
                + "\"num_attention_heads\":8}", "xglm");
        assertThat(xglm.numAttentionHeads()).isEqualTo(8);
    }

    @Test
    void unknownFamiliesUseTheKeysTheirTransformersClassRenamesFieldsTo() {
        // XGLMConfig.attribute_map: num_attention_heads -> attention_heads, hidden_size -> d_model
        ModelConfig xglm = ModelConfig.fromJson("{\"model_type\":\"xglm\",\"d_model\":1024,\"num_layers\":24,"
                + "\"attention_heads\":16,\"ffn_dim\":4096,\"max_position_embeddings\":2048}", "xglm-564M");
        assertThat(List.of(xglm.hiddenSize(), xglm.numHiddenLayers(), xglm.numAttentionHeads()))
                .containsExactly(1024, 24, 16);
        // TrOCRConfig / SeamlessM4TConfig: the decoder's layers and heads, not the encoder's
        ModelConfig trocr = ModelConfig.fromJson("{\"model_type\":\"trocr\",\"d_model\":1024,"
                + "\"decoder_layers\":12,\"decoder_attention_heads\":16}", "trocr");
        assertThat(List.of(trocr.numHiddenLayers(), trocr.numAttentionHeads())).containsExactly(12, 16);
        ModelConfig seamless = ModelConfig.fromJson("{\"model_type\":\"seamless_m4t\",\"hidden_size\":1024,"
                + "\"encoder_layers\":24,\"decoder_layers\":12,\"encoder_attention_heads\":16,"
                + "\"decoder_attention_heads\":8}", "seamless");
        assertThat(List.of(seamless.numHiddenLayers(), seamless.numAttentionHeads())).containsExactly(12, 8);
        // Mask2FormerConfig: hidden_size -> hidden_dim, num_hidden_layers -> decoder_layers
        ModelConfig m2f = ModelConfig.fromJson("{\"model_type\":\"mask2former\",\"hidden_dim\":256,"
                + "\"encoder_layers\":6,\"decoder_layers\":10,\"num_attention_heads\":8}", "mask2former");
        assertThat(List.of(m2f.hiddenSize(), m2f.numHiddenLayers())).containsExactly(256, 10);
        // DeepseekV4Config: intermediate_size -> moe_intermediate_size, not the generic 4 * hidden_size
        ModelConfig ds = ModelConfig.fromJson("{\"model_type\":\"deepseek_v4\",\"hidden_size\":4096,"
                + "\"num_attention_heads\":64,\"moe_intermediate_size\":2048}", "deepseek_v4");
        assertThat(ds.intermediateSize()).isEqualTo(2048);
        // Zamba2Config: head_dim -> attention_head_dim (2 * hidden_size / heads), not hidden_size / heads
        ModelConfig zamba = ModelConfig.fromJson("{\"model_type\":\"zamba2\",\"hidden_size\":2560,"
                + "\"num_attention_heads\":32,\"attention_head_dim\":160}", "zamba2");
        assertThat(zamba.headDim()).isEqualTo(160);
        // the table does not disturb the common aliases of families it has no entry for
        assertThat(TransformersAliases.of("no-such-family")).isEmpty();
        assertThat(TransformersAliases.of("xglm")).containsEntry("num_attention_heads", "attention_heads");
    }

    @Test
    void ropeParametersOfTransformers5() {
        // transformers 5 saves Llama 3.1 as rope_parameters, without rope_theta or rope_scaling
        LlamaConfig llama31 = (LlamaConfig) ModelConfig.fromJson("{\"model_type\":\"llama\",\"rope_parameters\":"
                + "{\"rope_theta\":500000.0,\"rope_type\":\"llama3\",\"factor\":8.0}}", "llama31");
        assertThat(llama31.ropeTheta()).isEqualTo(500000.0);
        assertThat(llama31.ropeScaling()).get().extracting(n -> n.get("factor").asDouble()).isEqualTo(8.0);
        Qwen2Config qwen = (Qwen2Config) ModelConfig.fromJson("{\"model_type\":\"qwen2\",\"rope_parameters\":"
                + "{\"rope_theta\":1000000.0,\"rope_type\":\"default\"}}", "qwen2.5");
        assertThat(qwen.ropeTheta()).isEqualTo(1000000.0);
        assertThat(qwen.ropeScaling()).isEmpty();
        // transformers 4's spelling still wins when both are there
        LlamaConfig both = (LlamaConfig) ModelConfig.fromJson("{\"model_type\":\"llama\",\"rope_theta\":10000.0,"
                + "\"rope_parameters\":{\"rope_theta\":500000.0}}", "x");
        assertThat(both.ropeTheta()).isEqualTo(10000.0);
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"llama\","
                + "\"rope_parameters\":{\"rope_theta\":-1.0}}", "c"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("field 'rope_parameters.rope_theta'");
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\":\"mistral\","
                + "\"rope_parameters\":3}", "c"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("field 'rope_parameters'");
    }

    @Test
    void eosTokenListAndDtypeAlias() {
        ModelConfig c = ModelConfig.fromJson("{\"model_type\":\"llama\",\"eos_token_id\":[128001,128008,128009],"
                + "\"dtype\":\"bfloat16\"}", "llama3");
        assertThat(c.eosTokenId()).hasValue(128001);
        assertThat(c.eosTokenIds()).containsExactly(128001, 128008, 128009);
        assertThat(c.torchDtype()).hasValue("bfloat16");
        assertThat(c.dtype()).hasValue(dev.hubkit.core.tensor.DType.BF16);
    }

    @Test
    void describeIsAligned() {
        String text = ModelConfig.fromFile(config("gpt2")).describe();
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).startsWith("model type:").contains("gpt2 (Gpt2Config)");
        int column = lines.get(0).indexOf("gpt2");
        for (String line : lines) {
            assertThat(line.charAt(column - 1)).as(line).isEqualTo(' ');
            assertThat(line.charAt(column)).as(line).isNotEqualTo(' ');
        }
        assertThat(text).contains("GPT2LMHeadModel").contains("labels:").contains("1e-05")
                .contains("50256");
        String bloom = ModelConfig.fromFile(config("bloom-560m")).describe();
        assertThat(bloom).containsPattern("max positions: +\\?");
    }
}
