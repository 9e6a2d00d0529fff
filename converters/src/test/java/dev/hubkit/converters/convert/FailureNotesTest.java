package dev.hubkit.converters.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.Test;

/** A note added to a failure keeps the failure itself (its kind and message) and says the note once. */
class FailureNotesTest {
    private static final String NOTE = "; the partial output could not be removed, delete it by hand: [/out/y]";

    @Test
    void anIoFailureKeepsItsKindAsTheCause() {
        AccessDeniedException denied = new AccessDeniedException("/out/x");
        Exception noted = FailureNotes.withNote(denied, NOTE);
        assertThat(noted).isInstanceOf(IOException.class).hasCause(denied);
        assertThat(noted.getMessage()).isEqualTo("/out/x" + NOTE);
    }

    @Test
    void anUncheckedIoFailureNamesNoClassAndTheFileOnce() {
        AccessDeniedException denied = new AccessDeniedException("/out/x");
        Exception noted = FailureNotes.withNote(new UncheckedIOException(denied), NOTE);
        assertThat(noted).isInstanceOf(UncheckedIOException.class);
        assertThat(noted.getMessage()).doesNotContain("java.nio");
        assertThat(noted.getCause()).isInstanceOf(IOException.class).hasCause(denied);
        assertThat(noted.getCause().getMessage()).isEqualTo("/out/x" + NOTE);
    }

    @Test
    void anUncheckedIoFailureKeepsItsOwnContext() {
        AccessDeniedException denied = new AccessDeniedException("/out/x");
        Exception noted = FailureNotes.withNote(new UncheckedIOException("writing y", denied), NOTE);
        assertThat(noted.getMessage()).isEqualTo("writing y");
        assertThat(noted.getCause()).hasCause(denied);
    }
}
