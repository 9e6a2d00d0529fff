package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.convert.NotedIOException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** The one-line wording of I/O failures never shows a Java class name, with a cleanup note or without. */
class ErrorHandlerWordingTest {
    private static final String NOTE = "; the partial output could not be removed, delete it by hand: [/out/y]";

    @Test
    void aFolderThatIsNotEmptyIsSaidSo() {
        assertThat(ErrorHandler.userMessage(new DirectoryNotEmptyException("/out/model.safetensors.index.json")))
                .isEqualTo("directory not empty: /out/model.safetensors.index.json");
        assertThat(ErrorHandler.userMessage(new UncheckedIOException("converting a to b",
                new NotedIOException(new DirectoryNotEmptyException("/out/x"), NOTE))))
                .isEqualTo("converting a to b: directory not empty: /out/x" + NOTE);
    }

    @Test
    void aFileSystemFailureWithoutAReasonOrFileNamesNoClass() {
        assertThat(ErrorHandler.userMessage(new FileSystemException("/out/x"))).isEqualTo("/out/x: input/output error");
        assertThat(ErrorHandler.userMessage(new FileSystemException(null, null, "No space left on device")))
                .isEqualTo("No space left on device");
        assertThat(ErrorHandler.userMessage(new FileSystemException("/out/x", null, "No space left on device")))
                .isEqualTo("/out/x: No space left on device");
    }

    @Test
    void anIoFailureWithoutAMessageNamesNoClass() {
        assertThat(ErrorHandler.userMessage(new NotedIOException(new IOException(), NOTE)))
                .isEqualTo("input/output error" + NOTE);
        assertThat(ErrorHandler.userMessage(new IOException())).isEqualTo("input/output error");
    }

    @Test
    void anIoFailureThatOnlyWrapsAnotherIsWordedAsThatOne() {
        assertThat(ErrorHandler.userMessage(new IOException(new NoSuchFileException("/in/x"))))
                .isEqualTo("no such file or directory: /in/x");
        assertThat(ErrorHandler.userMessage(new UncheckedIOException("downloading x",
                new IOException(new NoSuchFileException("/in/x")))))
                .isEqualTo("downloading x: no such file or directory: /in/x");
    }
}
