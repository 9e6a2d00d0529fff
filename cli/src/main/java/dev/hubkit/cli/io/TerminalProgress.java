package dev.hubkit.cli.io;

import java.util.function.Supplier;

/**
 * Progress drawn in place on a terminal's stderr, which a command either leaves finished when its work succeeds or
 * wipes when it fails, so that the error line that follows is the only line left.
 */
public interface TerminalProgress {

    /** The work succeeded: ends what was drawn with a line break (or its final lines). */
    void finish();

    /** The work failed: wipes what was drawn, leaving the cursor at the start of an empty line. */
    void erase();

    /**
     * Runs {@code work} with {@code progress} drawn on the way (null: none): erased when the work throws anything
     * (an exception, also a checked one thrown past the {@link Supplier}'s signature, or an {@link Error}), which is
     * then rethrown unchanged; finished when it returns.
     */
    static <T> T around(TerminalProgress progress, Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (Throwable e) { // precise rethrow: still only what work.get() can throw
            if (progress != null) {
                progress.erase(); // the error line is then the only one
            }
            throw e;
        }
        if (progress != null) {
            progress.finish();
        }
        return result;
    }
}
