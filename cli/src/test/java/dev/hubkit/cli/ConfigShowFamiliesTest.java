package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.cli.CliRunner.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config show DIR --json} on families without a typed config: composite, renamed and per-stage fields. */
class ConfigShowFamiliesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path model(String name, String configJson) throws IOException {
        Path model = dir.resolve(name);
        Files.createDirectories(model);
        Files.writeString(model.resolve("config.json"), configJson);
        return model;
    }

    private static JsonNode showJson(Path model) throws IOException {
        Result r = CliRunner.run("config", "show", model.toString(), "--json");
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void compositeConfigShowsItsTextModelsSizes() throws IOException {
        JsonNode json = showJson(model("gemma-3-4b-it", """
                {"model_type": "gemma3", "eos_token_id": [1, 106],
                 "text_config": {"model_type": "gemma3_text", "hidden_size": 2560, "num_hidden_layers": 34,
                   "num_attention_heads": 8, "num_key_value_heads": 4, "head_dim": 256,
                   "intermediate_size": 10240, "vocab_size": 262208},
                 "vision_config": {"model_type": "siglip_vision_model", "hidden_size": 1152}}
                """));
        assertThat(json.path("model_type").asText()).isEqualTo("gemma3");
        assertThat(json.path("hidden_size").asInt()).isEqualTo(2560);
        assertThat(json.path("num_hidden_layers").asInt()).isEqualTo(34);
        assertThat(json.path("num_key_value_heads").asInt()).isEqualTo(4);
        assertThat(json.path("head_dim").asInt()).isEqualTo(256);
        assertThat(json.path("vocab_size").asInt()).isEqualTo(262208);
        assertThat(json.path("eos_token_id").toString()).isEqualTo("[1,106]");
    }

    @Test
    void renamedFieldsOfAnUntypedFamilyResolveAsTransformersDoes() throws IOException {
        JsonNode json = showJson(model("xglm-564M", """
                {"model_type": "xglm", "d_model": 1024, "num_layers": 24, "attention_heads": 16, "ffn_dim": 4096,
                 "max_position_embeddings": 2048, "vocab_size": 256008}
                """));
        assertThat(json.path("hidden_size").asInt()).isEqualTo(1024);
        assertThat(json.path("num_hidden_layers").asInt()).isEqualTo(24);
        assertThat(json.path("num_attention_heads").asInt()).isEqualTo(16);
        assertThat(json.path("intermediate_size").asInt()).isEqualTo(4096);
    }

    @Test
    void perStageSizesAreShownAsWritten() throws IOException {
        Path swin = model("swin-tiny", """
                {"model_type": "swin", "embed_dim": 96, "depths": [2, 2, 6, 2], "num_heads": [3, 6, 12, 24],
                 "hidden_size": 768, "num_layers": 4, "layer_norm_eps": 1e-05}
                """);
        JsonNode json = showJson(swin);
        assertThat(json.path("num_attention_heads").toString()).isEqualTo("[3,6,12,24]");
        assertThat(json.path("hidden_size").asInt()).isEqualTo(768);
        Result text = CliRunner.run("config", "show", swin.toString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("[3,6,12,24]");
    }

    @Test
    void errorInATextConfigNamesTheNestedField() throws IOException {
        Path llava = model("llava", """
                {"model_type": "llava", "text_config": {"model_type": "llama", "num_hidden_layers": -2}}
                """);
        Result r = CliRunner.run("config", "show", llava.toString(), "--json");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("hubkit: " + llava.resolve("config.json"))
                .contains("field 'text_config.num_hidden_layers': expected a positive integer, found -2");
    }
}
