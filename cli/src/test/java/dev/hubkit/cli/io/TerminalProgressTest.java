package dev.hubkit.cli.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@link TerminalProgress#around} wipes the progress drawn so far whatever the work throws (a runtime exception, a
 * checked exception thrown past the {@code Supplier}'s signature, an {@link Error}) and rethrows it unchanged, so
 * that the one-line error that follows does not run on from a half-drawn bar.
 */
class TerminalProgressTest {
    private final StringWriter terminal = new StringWriter();
    private final ProgressBar bar = new ProgressBar(new PrintWriter(terminal, true));

    @Test
    void aCheckedExceptionWipesTheBarAndIsRethrownUnchanged() {
        IOException failure = new IOException("No space left on device");
        Throwable thrown = catchThrowable(() -> TerminalProgress.around(bar, () -> drawHalfThenThrow(failure)));
        assertThat(thrown).isSameAs(failure);
        assertWiped();
    }

    @Test
    void anErrorWipesTheBarAndIsRethrownUnchanged() {
        OutOfMemoryError failure = new OutOfMemoryError("Java heap space");
        Throwable thrown = catchThrowable(() -> TerminalProgress.around(bar, () -> drawHalfThenThrow(failure)));
        assertThat(thrown).isSameAs(failure);
        assertWiped();
    }

    @Test
    void aRuntimeExceptionWipesTheBarAndIsRethrownUnchanged() {
        IllegalStateException failure = new IllegalStateException("broken");
        Throwable thrown = catchThrowable(() -> TerminalProgress.around(bar, () -> drawHalfThenThrow(failure)));
        assertThat(thrown).isSameAs(failure);
        assertWiped();
    }

    @Test
    void workThatReturnsFinishesTheBar() {
        String result = TerminalProgress.around(bar, () -> {
            bar.progress("a", 1 << 20, 1 << 20);
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(terminal.toString()).contains("100%").endsWith(System.lineSeparator());
    }

    @Test
    void noProgressStillRethrows() {
        IOException failure = new IOException("gone");
        assertThat(catchThrowable(() -> TerminalProgress.around(null, () -> sneakyThrow(failure)))).isSameAs(failure);
    }

    /** Draws the bar half-way, then fails with {@code t}, checked or not. */
    private String drawHalfThenThrow(Throwable t) {
        bar.progress("a", 1 << 20, 2 << 20);
        assertThat(terminal.toString()).contains("50%");
        return sneakyThrow(t);
    }

    /** Throws {@code t} past the compiler's check for checked exceptions, as a library's sneaky throw does. */
    @SuppressWarnings("unchecked")
    private static <T, E extends Throwable> T sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

    /** The bar was overwritten with blanks and the cursor left at the start of its line: nothing half-drawn stays. */
    private void assertWiped() {
        String drawn = terminal.toString();
        assertThat(drawn).matches("(?s)\\r\\[#+ +\\]  50% 1/2 MB\\r +\\r");
        int barLength = drawn.indexOf('\r', 1) - 1;
        assertThat(drawn).endsWith("\r" + " ".repeat(barLength) + "\r");
    }
}
