package dev.hubkit.cli.io;

import dev.hubkit.converters.convert.ProgressListener;
import java.io.PrintWriter;

/**
 * A progress bar redrawn in place on a terminal's stderr ({@code \r[####    ]  50% 1/2 MB}). When the work ends it
 * either stays, finished by a line break ({@link #finish}), or is wiped ({@link #erase}), so that an error line
 * that follows starts its own line instead of running on from the bar.
 */
public final class ProgressBar implements ProgressListener, TerminalProgress {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private int drawn;

    /** A bar drawn on {@code err}. */
    public ProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void progress(String name, long done, long total) {
        int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
        String bar = String.format("\r[%s%s] %3d%% %,d/%,d MB", "#".repeat(filled), " ".repeat(WIDTH - filled),
                total == 0 ? 100 : done * 100 / total, done >> 20, total >> 20);
        err.print(bar);
        err.flush();
        drawn = Math.max(drawn, bar.length() - 1);
    }

    /** Ends the bar's line, when one was drawn. */
    @Override
    public void finish() {
        if (drawn > 0) {
            err.println();
            err.flush();
        }
    }

    /** Wipes the bar, when one was drawn, leaving the cursor at the start of its empty line. */
    @Override
    public void erase() {
        if (drawn > 0) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            err.flush();
            drawn = 0;
        }
    }
}
