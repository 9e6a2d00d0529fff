package dev.hubkit.core.config;

import static dev.hubkit.core.config.ConfigTestSupport.resource;
import static dev.hubkit.core.config.ConfigTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** tokenizer_config.json, special_tokens_map.json and generation_config.json. */
class TokenizerFilesTest {

    @Test
    void bertTokenizerConfig() {
        TokenizerConfig t = TokenizerConfig.fromFile(resource("tokenizer-configs/bert-base-uncased/tokenizer_config.json"));
        assertThat(t.doLowerCase()).hasValue(true);
        assertThat(t.modelMaxLength()).hasValue(512);
        assertThat(t.paddingSide()).isEqualTo("right");
        assertThat(t.truncationSide()).isEqualTo("right");
        assertThat(t.tokenizerClass()).hasValue("BertTokenizer");
        assertThat(t.token("cls_token").orElseThrow()).isEqualTo(AddedToken.special("[CLS]"));
        assertThat(t.specialTokens()).containsOnlyKeys("unk_token", "sep_token", "pad_token", "cls_token", "mask_token");
        assertThat(t.addedTokensDecoder()).containsOnlyKeys(0, 100, 101, 102, 103);
        assertThat(t.addedTokensDecoder().get(103)).isEqualTo(new AddedToken("[MASK]", false, false, false, false, true));
        assertThat(t.chatTemplates()).isEmpty();
        assertThat(t.addBosToken()).isEmpty();
    }

    @Test
    void llamaTokenizerConfigWithAddedTokenDicts() {
        TokenizerConfig t = TokenizerConfig.fromFile(
                resource("tokenizer-configs/Llama-2-7b-chat-hf/tokenizer_config.json"));
        assertThat(t.token("bos_token").orElseThrow()).isEqualTo(new AddedToken("<s>", false, false, false, false, true));
        assertThat(t.token("eos_token").orElseThrow().content()).isEqualTo("</s>");
        assertThat(t.token("pad_token")).isEmpty();
        assertThat(t.addBosToken()).hasValue(true);
        assertThat(t.addEosToken()).hasValue(false);
        assertThat(t.modelMaxLength()).isEmpty(); // int(1e30): no limit
        assertThat(t.chatTemplate().orElseThrow()).startsWith("{% if messages[0]['role'] == 'system' %}")
                .contains("<<SYS>>\\n");
        assertThat(t.get("legacy").orElseThrow().asBoolean()).isFalse();
    }

    @Test
    void qwenTokenizerConfig() {
        TokenizerConfig t = TokenizerConfig.fromFile(resource("tokenizer-configs/Qwen2-0.5B/tokenizer_config.json"));
        assertThat(t.addedTokensDecoder().get(151644).content()).isEqualTo("<|im_start|>");
        assertThat(t.additionalSpecialTokens()).extracting(AddedToken::content).containsExactly("<|im_start|>", "<|im_end|>");
        assertThat(t.token("eos_token").orElseThrow().content()).isEqualTo("<|endoftext|>");
        assertThat(t.token("bos_token")).isEmpty();
        assertThat(t.modelMaxLength()).hasValue(32768);
        assertThat(t.addPrefixSpace()).hasValue(false);
        assertThat(t.chatTemplate().orElseThrow()).contains("<|im_start|>system\nYou are a helpful assistant");
    }

    @Test
    void chatTemplateList() {
        TokenizerConfig t = TokenizerConfig.fromJson("{\"chat_template\": [{\"name\": \"default\", \"template\": \"A\"},"
                + " {\"name\": \"tool_use\", \"template\": \"B\"}], \"padding_side\": \"left\"}", "tokenizer_config.json");
        assertThat(t.chatTemplates()).containsExactly(java.util.Map.entry("default", "A"),
                java.util.Map.entry("tool_use", "B"));
        assertThat(t.chatTemplate()).hasValue("A");
        assertThat(t.paddingSide()).isEqualTo("left");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "bert-base-uncased/tokenizer_config.json", "Llama-2-7b-chat-hf/tokenizer_config.json",
        "Qwen2-0.5B/tokenizer_config.json", "bert-base-uncased/special_tokens_map.json",
        "Llama-2-7b-chat-hf/special_tokens_map.json", "Llama-2-7b-chat-hf/generation_config.json",
        "gpt2/generation_config.json"})
    void roundTripsByteForByte(String name, @TempDir Path dir) {
        Path file = resource("tokenizer-configs/" + name);
        String original = text("tokenizer-configs/" + name);
        String written;
        Path out = dir.resolve("out.json");
        if (name.endsWith("tokenizer_config.json")) {
            TokenizerConfig.fromFile(file).save(out);
            written = TokenizerConfig.fromFile(out).toJsonString();
        } else if (name.endsWith("special_tokens_map.json")) {
            SpecialTokensMap.fromFile(file).save(out);
            written = SpecialTokensMap.fromFile(out).toJsonString();
        } else {
            GenerationConfig.fromFile(file).save(out);
            written = GenerationConfig.fromFile(out).toJsonString();
        }
        assertThat(written).isEqualTo(original);
    }

    @Test
    void tokenizerConfigErrors() {
        assertThatThrownBy(() -> TokenizerConfig.fromJson("{\"padding_side\": \"middle\"}", "tokenizer_config.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tokenizer_config.json: field 'padding_side': expected \"right\" or \"left\", found string "
                        + "\"middle\"");
        assertThatThrownBy(() -> TokenizerConfig.fromJson("{\"bos_token\": {\"lstrip\": false}}", "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("field 'bos_token.content'");
        assertThatThrownBy(() -> TokenizerConfig.fromJson("{\"eos_token\": 5}", "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("field 'eos_token'")
                .hasMessageContaining("AddedToken");
        assertThatThrownBy(() -> TokenizerConfig.fromJson("{\"added_tokens_decoder\": {\"x\": {\"content\": \"a\"}}}", "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("key \"x\"");
        assertThatThrownBy(() -> TokenizerConfig.fromJson("{\"model_max_length\": -1}", "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'model_max_length'");
        assertThatThrownBy(() -> TokenizerConfig.fromJson("{\"chat_template\": 3}", "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'chat_template'");
        assertThatThrownBy(() -> TokenizerConfig.fromJson("{\"do_lower_case\": \"true\"}", "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'do_lower_case'");
        assertThatThrownBy(() -> TokenizerConfig.fromJson("{\"added_tokens_decoder\": {\"1\": {\"content\": \"a\","
                + " \"special\": 1}}}", "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'added_tokens_decoder.1.special'");
    }

    @Test
    void addedTokenDefaults() {
        TokenizerConfig t = TokenizerConfig.fromJson("{\"added_tokens_decoder\": {\"5\": {\"content\": \"<x>\"}},"
                + " \"mask_token\": {\"content\": \"<mask>\", \"lstrip\": true, \"special\": true}}", "t");
        assertThat(t.addedTokensDecoder().get(5)).isEqualTo(new AddedToken("<x>", false, false, true, false, false));
        assertThat(t.token("mask_token").orElseThrow())
                .isEqualTo(new AddedToken("<mask>", true, false, false, false, true));
        assertThat(t.token("mask_token").orElseThrow().toJson().toString())
                .isEqualTo("{\"content\":\"<mask>\",\"lstrip\":true,\"normalized\":false,\"rstrip\":false,"
                        + "\"single_word\":false,\"special\":true}");
    }

    @Test
    void specialTokensMap() {
        SpecialTokensMap bert = SpecialTokensMap.fromFile(
                resource("tokenizer-configs/bert-base-uncased/special_tokens_map.json"));
        assertThat(bert.tokens()).hasSize(5);
        assertThat(bert.token("sep_token").orElseThrow().content()).isEqualTo("[SEP]");
        SpecialTokensMap llama = SpecialTokensMap.fromFile(
                resource("tokenizer-configs/Llama-2-7b-chat-hf/special_tokens_map.json"));
        assertThat(llama.token("unk_token").orElseThrow())
                .isEqualTo(new AddedToken("<unk>", false, false, false, false, true));
        assertThat(llama.additionalSpecialTokens()).isEmpty();
        assertThatThrownBy(() -> SpecialTokensMap.fromJson("{\"additional_special_tokens\": \"<a>\"}", "s"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'additional_special_tokens'");
    }

    @Test
    void generationConfig() {
        GenerationConfig llama = GenerationConfig.fromFile(
                resource("tokenizer-configs/Llama-2-7b-chat-hf/generation_config.json"));
        assertThat(llama.doSample()).isTrue();
        assertThat(llama.temperature()).isEqualTo(0.6);
        assertThat(llama.topP()).isEqualTo(0.9);
        assertThat(llama.maxLength()).isEqualTo(4096);
        assertThat(llama.topK()).isEqualTo(50);
        assertThat(llama.padTokenId()).hasValue(0);
        GenerationConfig gpt2 = GenerationConfig.fromFile(resource("tokenizer-configs/gpt2/generation_config.json"));
        assertThat(gpt2.doSample()).isFalse();
        assertThat(gpt2.maxLength()).isEqualTo(20);
        assertThat(gpt2.numBeams()).isEqualTo(1);
        assertThat(gpt2.temperature()).isEqualTo(1.0);
        assertThat(gpt2.eosTokenId()).hasValue(50256);
        assertThat(gpt2.maxNewTokens()).isEmpty();
        assertThat(gpt2.get("_from_model_config").orElseThrow().asBoolean()).isTrue();
        GenerationConfig llama3 = GenerationConfig.fromJson("{\"eos_token_id\": [128001, 128009]}", "g");
        assertThat(llama3.eosTokenIds()).containsExactly(128001, 128009);
    }

    @Test
    void generationConfigErrors() {
        assertThatThrownBy(() -> GenerationConfig.fromJson("{\"num_beams\": 0}", "generation_config.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("generation_config.json: field 'num_beams': expected a positive integer, found 0");
        assertThatThrownBy(() -> GenerationConfig.fromJson("{\"top_p\": 1.5}", "g"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> GenerationConfig.fromJson("{\"temperature\": -1}", "g"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'temperature'");
        assertThatThrownBy(() -> GenerationConfig.fromJson("{\"do_sample\": 1}", "g"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'do_sample'");
        assertThatThrownBy(() -> GenerationConfig.fromJson("{\"eos_token_id\": \"</s>\"}", "g"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'eos_token_id'");
    }
}
