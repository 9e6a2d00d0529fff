package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.cli.CliRunner.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigShowTest {

    /** The config.json of the gpt2 repository on the Hugging Face hub. */
    static final String GPT2_CONFIG = """
            {
              "activation_function": "gelu_new",
              "architectures": [
                "GPT2LMHeadModel"
              ],
              "attn_pdrop": 0.1,
              "bos_token_id": 50256,
              "embd_pdrop": 0.1,
              "eos_token_id": 50256,
              "initializer_range": 0.02,
              "layer_norm_epsilon": 1e-05,
              "model_type": "gpt2",
              "n_ctx": 1024,
              "n_embd": 768,
              "n_head": 12,
              "n_layer": 12,
              "n_positions": 1024,
              "resid_pdrop": 0.1,
              "summary_activation": null,
              "summary_first_dropout": 0.1,
              "summary_proj_to_labels": true,
              "summary_type": "cls_index",
              "summary_use_proj": true,
              "task_specific_params": {
                "text-generation": {
                  "do_sample": true,
                  "max_length": 50
                }
              },
              "vocab_size": 50257
            }
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path gpt2() throws IOException {
        Path model = dir.resolve("gpt2");
        Files.createDirectories(model);
        Files.writeString(model.resolve("config.json"), GPT2_CONFIG);
        return model;
    }

    /** Parses the whole output as exactly one JSON value. */
    private static JsonNode oneJsonObject(String out) throws IOException {
        try (JsonParser parser = JSON.createParser(out)) {
            JsonNode node = JSON.readTree(parser);
            assertThat(parser.nextToken()).as("nothing after the JSON object").isNull();
            assertThat(node.isObject()).isTrue();
            return node;
        }
    }

    @Test
    void jsonShowsCanonicalNamesNextToTheFilesOwn() throws IOException {
        Result r = CliRunner.run("config", "show", gpt2().toString(), "--json");
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        JsonNode json = oneJsonObject(r.out());
        assertThat(json.path("model_type").asText()).isEqualTo("gpt2");
        assertThat(json.path("hidden_size").asInt()).isEqualTo(768);
        assertThat(json.path("n_embd").asInt()).isEqualTo(768);
        assertThat(json.path("num_hidden_layers").asInt()).isEqualTo(12);
        assertThat(json.path("num_attention_heads").asInt()).isEqualTo(12);
        assertThat(json.path("vocab_size").asInt()).isEqualTo(50257);
        assertThat(json.path("task_specific_params").path("text-generation").path("max_length").asInt())
                .isEqualTo(50);
    }

    @Test
    void jsonAcceptsTheConfigFileItself() throws IOException {
        Result r = CliRunner.run("config", "show", "--json", gpt2().resolve("config.json").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(oneJsonObject(r.out()).path("hidden_size").asInt()).isEqualTo(768);
    }

    @Test
    void textFormIsTheDescription() throws IOException {
        Result r = CliRunner.run("config", "show", gpt2().toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("gpt2", "768", "50257");
    }

    @Test
    void malformedFieldIsAUserErrorNamingTheField() throws IOException {
        Path model = dir.resolve("bad");
        Files.createDirectories(model);
        Files.writeString(model.resolve("config.json"),
                "{\"model_type\": \"bert\", \"hidden_size\": 768, \"num_attention_heads\": -3}");
        Result r = CliRunner.run("config", "show", model.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("hubkit: ").contains("num_attention_heads", "-3").doesNotContain("\tat ");
    }

    @Test
    void invalidJsonIsAUserErrorOnOneLine() throws IOException {
        Path model = dir.resolve("broken");
        Files.createDirectories(model);
        Files.writeString(model.resolve("config.json"), "{\n  \"model_type\": \"bert\",\n  \"hidden_size\": \n}\n");
        Result r = CliRunner.run("config", "show", "--json", model.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("hubkit: ").contains("config.json");
    }

    @Test
    void missingDirectoryIsAUserError() {
        String missing = dir.resolve("no-such-model").toString();
        Result r = CliRunner.run("config", "show", missing);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("hubkit: ").contains("no-such-model").doesNotContain("\tat ");
    }

    @Test
    void verboseShowsTheStackTraceOfAUserError() {
        Result r = CliRunner.run("config", "show", dir.resolve("nope").toString(), "--verbose");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.err()).startsWith("hubkit: ").contains("\tat dev.hubkit.");
    }
}
