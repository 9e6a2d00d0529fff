package dev.hubkit.core.config;

import static dev.hubkit.core.config.ConfigTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.core.source.ModelNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoConfigTest {

    @TempDir
    Path dir;

    @Test
    void fromModelDirectory() throws IOException {
        Path model = dir.resolve("my-llama");
        Files.createDirectories(model);
        Files.copy(config("Llama-2-7b-hf"), model.resolve("config.json"));
        ModelConfig c = AutoConfig.fromPretrained(model.toString());
        assertThat(c).isInstanceOf(LlamaConfig.class);
        assertThat(c.source()).isEqualTo(model.resolve("config.json").toString());
    }

    @Test
    void fromJsonPathWithAnyName() throws IOException {
        Path file = dir.resolve("t5.json");
        Files.copy(config("t5-small"), file);
        assertThat(AutoConfig.fromPretrained(file.toString())).isInstanceOf(T5Config.class);
    }

    @Test
    void missingConfigListsWhereItLooked() throws IOException {
        Path model = dir.resolve("empty-model");
        Files.createDirectories(model);
        assertThatThrownBy(() -> AutoConfig.fromPretrained(model.toString()))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("config.json")
                .hasMessageContaining(model.resolve("config.json").toString());
        assertThatThrownBy(() -> AutoConfig.fromPretrained(dir.resolve("no/such/dir!").toString()))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("not an existing directory");
        assertThatThrownBy(() -> AutoConfig.fromPretrained(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void supportedTypes() {
        assertThat(AutoConfig.supportedModelTypes()).containsExactlyInAnyOrder("bert", "roberta", "xlm-roberta",
                "distilbert", "albert", "electra", "deberta-v2", "gpt2", "gpt_neox", "t5", "bart", "llama", "mistral",
                "qwen2", "gemma");
    }

    @Test
    void saveReplacesAtomicallyAndLeavesNoTempFiles() throws IOException {
        Path out = dir.resolve("out/config.json");
        ModelConfig.fromFile(config("bert-base-uncased")).save(out);
        ModelConfig.fromFile(config("gpt2")).save(out);
        assertThat(ModelConfig.fromFile(out)).isInstanceOf(Gpt2Config.class);
        try (var files = Files.list(out.getParent())) {
            assertThat(files.count()).isEqualTo(1);
        }
    }

    @Test
    void saveIntoUnwritablePlaceIsAConfigException() throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        assertThatThrownBy(() -> ModelConfig.fromFile(config("gpt2")).save(blocker.resolve("config.json")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("could not write");
    }
}
