package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.convert.NotedIOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.Test;

/** A failure with a note on what it left behind is worded as the failure alone, the note after it once. */
class ErrorHandlerNotesTest {
    private static final String NOTE = "; the partial output could not be removed, delete it by hand: [/out/y]";

    @Test
    void anAccessDeniedFailureStillSaysPermissionDenied() {
        NotedIOException noted = new NotedIOException(new AccessDeniedException("/out/x"), NOTE);
        assertThat(ErrorHandler.userMessage(new UncheckedIOException("converting a to b", noted)))
                .isEqualTo("converting a to b: permission denied: /out/x" + NOTE);
        assertThat(ErrorHandler.userMessage(new UncheckedIOException(noted)))
                .isEqualTo("permission denied: /out/x" + NOTE);
    }
}
