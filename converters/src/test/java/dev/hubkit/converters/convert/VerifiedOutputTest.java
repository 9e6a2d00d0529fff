package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.converters.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An output that fails --verify is removed, so no wrong file is left looking like a result. */
class VerifiedOutputTest {
    @TempDir
    Path dir;

    @Test
    void failedVerificationRemovesEveryOutputFile() throws Exception {
        Path shard = Files.writeString(dir.resolve("model-00001-of-00001.safetensors"), "x");
        Path index = Files.writeString(dir.resolve("model.safetensors.index.json"), "{}");
        assertThatThrownBy(() -> VerifiedOutput.verifyOrRemove(List.of(shard, index), () -> {
            throw new FormatException(index, "verification failed: tensor 'w' differs");
        })).isInstanceOf(FormatException.class)
                .hasMessageEndingWith("verification failed: tensor 'w' differs; the output was removed");
        assertThat(shard).doesNotExist();
        assertThat(index).doesNotExist();
    }

    @Test
    void anOutputThatCannotBeRemovedIsNamedInTheErrorOfAnyKind() throws Exception {
        // a non-empty folder where an output file was: deleting it fails
        Path stuck = Files.createDirectories(dir.resolve("model.safetensors"));
        Files.writeString(stuck.resolve("x"), "x");
        assertThatThrownBy(() -> VerifiedOutput.verifyOrRemove(List.of(stuck), () -> {
            throw new IOException("read error");
        })).isInstanceOf(IOException.class)
                .hasMessage("read error; the output could not be removed, delete it by hand: [" + stuck + "]");
    }

    @Test
    void passingVerificationKeepsTheOutput() throws Exception {
        Path out = Files.writeString(dir.resolve("model.safetensors"), "x");
        VerifiedOutput.verifyOrRemove(List.of(out), () -> { });
        assertThat(out).hasContent("x");
    }
}
