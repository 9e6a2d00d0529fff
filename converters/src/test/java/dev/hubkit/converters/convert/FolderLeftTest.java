package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.FormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder made for a failed conversion that could not be removed again is named in the failure's one error line,
 * not in a warning logged before it (which a CLI that holds warnings until success would drop). Removing an empty
 * folder cannot be made to fail here (the tests may run as root): the note is checked on its own.
 */
class FolderLeftTest {
    @TempDir
    Path dir;

    @Test
    void removedFoldersAreNotMentioned() throws IOException {
        Path made = Files.createDirectories(dir.resolve("a/b"));
        assertThat(OutputPaths.removeEmpty(List.of(made, dir.resolve("a")))).isNull();
        assertThat(dir.resolve("a")).doesNotExist();
        FormatException e = new FormatException("bad");
        assertThat(Converter.withFolderLeft(e, null)).isSameAs(e);
    }

    @Test
    void aFolderLeftIsNamedInTheError() {
        Path left = dir.resolve("out");
        RuntimeException io = Converter.withFolderLeft(new UncheckedIOException("converting a to b",
                new FileSystemException("/src", null, "Input/output error")), left);
        assertThat(io).isInstanceOf(UncheckedIOException.class).hasMessage("converting a to b");
        assertThat(io.getCause()).isInstanceOf(NotedIOException.class).hasCauseInstanceOf(FileSystemException.class);
        assertThat(io.getCause().getMessage()).contains("Input/output error").endsWith("; the folder " + left
                + " made for the output could not be removed, delete it by hand");

        RuntimeException format = Converter.withFolderLeft(new FormatException("bad header"), left);
        assertThat(format).isInstanceOf(FormatException.class).hasMessageStartingWith("bad header")
                .hasMessageEndingWith("; the folder " + left + " made for the output could not be removed, delete"
                        + " it by hand");
    }
}
