package dev.hubkit.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSourcesTest {

    @TempDir
    Path dir;

    private Path model() throws IOException {
        Path m = dir.resolve("model");
        Files.createDirectories(m.resolve("sub"));
        Files.writeString(m.resolve("config.json"), "{}");
        Files.writeString(m.resolve("sub/tokenizer.json"), "{}");
        Files.writeString(dir.resolve("secret.txt"), "x");
        return m;
    }

    @Test
    void resolvesFilesOfALocalDirectory() throws IOException {
        Path m = model();
        assertThat(ModelSources.resolve(m.toString(), "config.json")).isEqualTo(m.resolve("config.json"));
        assertThat(ModelSources.resolve(m.toString(), "sub/tokenizer.json")).isEqualTo(m.resolve("sub/tokenizer.json"));
        assertThat(ModelSources.tryResolve(m.toString(), "missing.json")).isEmpty();
    }

    @Test
    void missingFileListsWhereItLooked() throws IOException {
        Path m = model();
        assertThatThrownBy(() -> ModelSources.resolve(m.toString(), "model.safetensors"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("'model.safetensors'")
                .hasMessageContaining(m.resolve("model.safetensors").toString())
                .satisfies(e -> assertThat(((ModelNotFoundException) e).searched())
                        .containsExactly(m.resolve("model.safetensors").toString()));
    }

    @Test
    void pathTraversalIsRefused() throws IOException {
        Path m = model();
        assertThat(ModelSources.tryResolve(m.toString(), "../secret.txt")).isEmpty();
        assertThat(ModelSources.tryResolve(m.toString(), "sub/../../secret.txt")).isEmpty();
        assertThat(ModelSources.tryResolve(m.toString(), dir.resolve("secret.txt").toString())).isEmpty();
        assertThatThrownBy(() -> ModelSources.resolve(m.toString(), "../secret.txt"))
                .isInstanceOf(ModelNotFoundException.class);
        List<String> searched = new ArrayList<>();
        assertThat(new LocalDirectorySource().find(ModelRef.parse(m.toString()), "../x", searched)).isEmpty();
    }

    @Test
    void relativeAndDotDirectories() throws IOException {
        Path m = model();
        Path cwd = Path.of("").toAbsolutePath();
        Path relative = cwd.relativize(m);
        assertThat(ModelSources.resolve(relative.toString(), "config.json")).isEqualTo(relative.resolve("config.json"));
        // "." and "./x" style references must work too (the current directory is the module folder in tests)
        assertThat(ModelSources.tryResolve(".", "pom.xml")).isPresent();
        assertThat(ModelSources.tryResolve(".", "../pom.xml")).isEmpty();
    }

    @Test
    void unknownReferenceExplainsWhatItIs() {
        assertThatThrownBy(() -> ModelSources.resolve(dir.resolve("nope").toString(), "config.json"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("not an existing directory, and not a valid repo id");
        assertThatThrownBy(() -> ModelSources.resolve("someorg/somemodel", "config.json"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("hub repo id");
    }

    @Test
    void modelRefParsing() {
        ModelRef r = ModelRef.parse("google/t5-small@main");
        assertThat(r.isRepoId()).isTrue();
        assertThat(r.repoId()).isEqualTo("google/t5-small");
        assertThat(r.revision()).isEqualTo("main");
        assertThat(ModelRef.parse("gpt2").repoId()).isEqualTo("gpt2");
        assertThat(ModelRef.parse("../etc/passwd").isRepoId()).isFalse();
        assertThat(ModelRef.parse("a/b/c").isRepoId()).isFalse();
        assertThat(ModelRef.parse("org/..").isRepoId()).isFalse();
        assertThat(ModelRef.parse("org/name@..").isRepoId()).isFalse();
        assertThat(ModelRef.parse("/abs/path").isRepoId()).isFalse();
        assertThatThrownBy(() -> ModelRef.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelRef.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void localDirectorySourceComesFirst() {
        assertThat(ModelSources.all().get(0)).isInstanceOf(LocalDirectorySource.class);
    }
}
