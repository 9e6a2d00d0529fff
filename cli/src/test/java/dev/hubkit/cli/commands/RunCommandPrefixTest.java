package dev.hubkit.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import org.junit.jupiter.api.Test;

/** {@code hubkit run} strips only TaskRunner's "hubkit run: " prefix from an I/O failure, no other context. */
class RunCommandPrefixTest {

    @Test
    void anotherContextStays() {
        IOException cause = new IOException("connection reset");
        UncheckedIOException e = new UncheckedIOException(
                "reading model.onnx of acme/tiny from hub failed: connection reset", cause);
        UncheckedIOException shown = RunCommand.withoutRunPrefix(e);
        assertThat(shown.getMessage()).isEqualTo("reading model.onnx of acme/tiny from hub failed: connection reset");
        assertThat(shown.getCause()).isSameAs(cause);
    }

    @Test
    void thePrefixOverTheCauseAloneGoesWhole() {
        FileAlreadyExistsException cause = new FileAlreadyExistsException("/tmp/f");
        UncheckedIOException shown = RunCommand.withoutRunPrefix(new UncheckedIOException("hubkit run: /tmp/f", cause));
        assertThat(shown.getMessage()).isEqualTo(cause.toString());
        assertThat(shown.getCause()).isSameAs(cause);
    }

    @Test
    void thePrefixBeforeOtherContextGoesAlone() {
        IOException cause = new IOException("boom");
        UncheckedIOException shown = RunCommand.withoutRunPrefix(
                new UncheckedIOException("hubkit run: reading x failed: boom", cause));
        assertThat(shown.getMessage()).isEqualTo("reading x failed: boom");
    }
}
