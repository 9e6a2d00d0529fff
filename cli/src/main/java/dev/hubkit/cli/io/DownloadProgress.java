package dev.hubkit.cli.io;

import dev.hubkit.hub.ByteSizes;
import dev.hubkit.hub.DownloadListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A download's progress on a terminal's stderr, one line redrawn in place ({@code \r\033[K FILE 40% | total ...},
 * then {@code FILE 2.0 MB done}). The "done" lines stay only when the whole download succeeds ({@link #finish});
 * when it fails the line is wiped ({@link #erase}), so that the error is the only line left.
 */
public final class DownloadProgress implements DownloadListener, TerminalProgress {
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter err;
    private final Map<String, FileBytes> files = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private final List<String> done = new ArrayList<>();
    private volatile long lastDraw;
    private boolean drawn;
    /** Set by {@link #finish} and {@link #erase}: a worker still running after them draws nothing. */
    private boolean closed;

    /** A file's bytes so far (added to by the workers that fetch its ranges) and its size. */
    private record FileBytes(AtomicLong have, long size) {
    }

    /** Progress drawn on {@code err}. */
    public DownloadProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void started(String file, long size, long alreadyHave) {
        files.put(file, new FileBytes(new AtomicLong(alreadyHave), size));
        total.addAndGet(alreadyHave);
    }

    @Override
    public void progress(String file, long bytes) {
        FileBytes f = files.get(file);
        long have = f == null ? 0 : f.have().addAndGet(bytes);
        total.addAndGet(bytes);
        long now = System.nanoTime();
        if (now - lastDraw > 200_000_000L) {
            lastDraw = now;
            long all = files.values().stream().mapToLong(FileBytes::size).sum();
            String pct = f == null || f.size() == 0 ? "" : (100 * have / f.size()) + "% ";
            draw(file + " " + pct + "| total " + ByteSizes.format(total.get()) + " / " + ByteSizes.format(all));
        }
    }

    @Override
    public void finished(String file, long size) {
        String line = file + " " + ByteSizes.format(size) + " done";
        synchronized (err) {
            if (!closed) {
                done.add(line);
                draw(line);
            }
        }
    }

    /** The download succeeded: the line is replaced by one "done" line per file. */
    @Override
    public void finish() {
        synchronized (err) {
            if (closed) {
                return;
            }
            closed = true;
            StringBuilder lines = new StringBuilder(drawn ? CLEAR_LINE : "");
            for (String line : done) {
                lines.append(line).append('\n');
            }
            err.print(lines);
            err.flush();
            drawn = false;
        }
    }

    /** The download failed: the line is wiped, leaving the cursor at the start of its empty line. */
    @Override
    public void erase() {
        synchronized (err) {
            closed = true;
            if (drawn) {
                err.print(CLEAR_LINE);
                err.flush();
                drawn = false;
            }
        }
    }

    private void draw(String line) {
        synchronized (err) {
            if (closed) {
                return; // a worker of a download that already ended (one failed, the others were cancelled)
            }
            err.print(CLEAR_LINE + line);
            err.flush();
            drawn = true;
        }
    }
}
