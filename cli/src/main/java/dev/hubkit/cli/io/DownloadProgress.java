package dev.hubkit.cli.io;

import dev.hubkit.hub.ByteSizes;
import dev.hubkit.hub.DownloadListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A download's progress on a terminal's stderr, one line redrawn in place ({@code \r\033[K FILE 40% | total ...},
 * then {@code FILE 2.0 MB done}). The "done" lines stay only when the whole download succeeds ({@link #finish});
 * when it fails the line is wiped ({@link #erase}), so that the error is the only line left.
 *
 * <p>Memory stays bounded however many files a snapshot has: per-file state is kept only for files in flight, and
 * the "done" lines wait for {@link #finish} in memory up to {@link #LINES_IN_MEMORY} characters, the earlier ones in a
 * temporary file (deleted by {@link #finish} or {@link #erase}).
 */
public final class DownloadProgress implements DownloadListener, TerminalProgress {
    private static final Logger LOG = LoggerFactory.getLogger(DownloadProgress.class);
    private static final String CLEAR_LINE = "\r\033[K";
    /** Characters of "done" lines kept in memory before they are moved to the temporary file. */
    static final int LINES_IN_MEMORY = 64 * 1024;

    private final PrintWriter err;
    private final Path spillDir;
    /** The files in flight: started, not finished. */
    private final Map<String, FileBytes> files = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    /** The sizes of every file started so far, finished ones included. */
    private final AtomicLong announced = new AtomicLong();
    /** The latest "done" lines, each ending with a newline; earlier ones are in {@link #spill}. */
    private final StringBuilder done = new StringBuilder();
    private Path spill;
    /** Not a {@code FileChannel}: an interrupted thread (a cancelled worker) would close that for every thread. */
    private RandomAccessFile spillOut;
    /** Bytes of whole lines in {@link #spill}. */
    private long spilled;
    /** Set when the temporary file failed: the lines stay in memory from then on. */
    private boolean spillBroken;
    private volatile long lastDraw;
    private boolean drawn;
    /** Set by {@link #finish} and {@link #erase}: a worker still running after them draws nothing. */
    private boolean closed;

    /** A file's bytes so far (added to by the workers that fetch its ranges) and its size. */
    private record FileBytes(AtomicLong have, long size) {
    }

    /** Progress drawn on {@code err}. */
    public DownloadProgress(PrintWriter err) {
        this(err, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Progress drawn on {@code err}, with the "done" lines beyond memory's share kept in {@code spillDir}. */
    DownloadProgress(PrintWriter err, Path spillDir) {
        this.err = err;
        this.spillDir = spillDir;
    }

    /**
     * A file starts, or starts again when its download is retried: then its size is not announced a second time, and
     * {@code alreadyHave} replaces the bytes counted for it so far (the same when it resumes, fewer when a corrupt
     * part was dropped), so that the bytes done never pass the total.
     */
    @Override
    public void started(String file, long size, long alreadyHave) {
        FileBytes before = files.put(file, new FileBytes(new AtomicLong(alreadyHave), size));
        announced.addAndGet(size - (before == null ? 0 : before.size()));
        total.addAndGet(alreadyHave - (before == null ? 0 : before.have().get()));
    }

    @Override
    public void progress(String file, long bytes) {
        FileBytes f = files.get(file);
        long have = f == null ? 0 : f.have().addAndGet(bytes);
        total.addAndGet(bytes);
        long now = System.nanoTime();
        if (now - lastDraw > 200_000_000L) {
            lastDraw = now;
            String pct = f == null || f.size() == 0 ? "" : (100 * have / f.size()) + "% ";
            draw(file + " " + pct + "| total " + ByteSizes.format(total.get()) + " / "
                    + ByteSizes.format(announced.get()));
        }
    }

    @Override
    public void finished(String file, long size) {
        files.remove(file);
        String line = file + " " + ByteSizes.format(size) + " done";
        synchronized (err) {
            if (!closed) {
                keep(line);
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
            if (drawn) {
                err.print(CLEAR_LINE);
            }
            if (spill != null) {
                printSpilled();
            }
            err.print(done);
            err.flush();
            done.setLength(0);
            drawn = false;
        }
    }

    /** The download failed: the line is wiped, leaving the cursor at the start of its empty line. */
    @Override
    public void erase() {
        synchronized (err) {
            closed = true;
            done.setLength(0);
            discardSpill();
            if (drawn) {
                err.print(CLEAR_LINE);
                err.flush();
                drawn = false;
            }
        }
    }

    /** The files whose state is kept: those in flight. */
    int filesKept() {
        return files.size();
    }

    /** The characters of "done" lines kept in memory. */
    int lineCharsKept() {
        synchronized (err) {
            return done.length();
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

    /** Holds a "done" line for {@link #finish}; called holding {@code err}'s lock. */
    private void keep(String line) {
        done.append(line).append('\n');
        if (done.length() <= LINES_IN_MEMORY || spillBroken) {
            return;
        }
        byte[] bytes = done.toString().getBytes(StandardCharsets.UTF_8);
        try {
            if (spill == null) {
                openSpill();
            }
            spillOut.write(bytes);
            spilled = spillOut.getFilePointer();
            done.setLength(0);
        } catch (IOException e) {
            // the lines stay in memory from now on (only the bound is lost); a part written is cut off again
            spillBroken = true;
            LOG.debug("cannot keep download lines in {}: {}", spillDir, e.getMessage());
            if (spillOut != null) {
                try {
                    spillOut.setLength(spilled);
                    spillOut.seek(spilled);
                } catch (IOException ignored) {
                    LOG.debug("cannot cut {} back to {} bytes", spill, spilled);
                }
            }
        }
    }

    /**
     * Creates the temporary file for the "done" lines. Deleted by {@link #finish} or {@link #erase} (never left to
     * {@code deleteOnExit}, which keeps every path until the JVM ends: a leak in a long-running process), and at once
     * when it cannot be opened.
     */
    private void openSpill() throws IOException {
        Path created = Files.createTempFile(spillDir, "hubkit-download-", ".lines");
        try {
            spillOut = new RandomAccessFile(created.toFile(), "rw");
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(created);
            } catch (IOException d) {
                e.addSuppressed(d);
            }
            throw e;
        }
        spill = created;
    }

    /** Prints the lines kept in the temporary file, then deletes it; called holding {@code err}'s lock. */
    private void printSpilled() {
        try {
            spillOut.seek(0);
        } catch (IOException e) {
            LOG.debug("cannot read back download lines from {}: {}", spill, e.getMessage());
            discardSpill();
            return;
        }
        RandomAccessFile file = spillOut;
        InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                return file.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return file.read(b, off, len);
            }
        };
        try (Reader r = new InputStreamReader(new BoundedInput(in, spilled), StandardCharsets.UTF_8)) {
            char[] buf = new char[8192];
            for (int n; (n = r.read(buf)) > 0; ) {
                err.write(buf, 0, n);
            }
        } catch (IOException e) {
            LOG.debug("cannot read back download lines from {}: {}", spill, e.getMessage());
        } finally {
            discardSpill();
        }
    }

    private void discardSpill() {
        if (spill == null) {
            return;
        }
        try {
            spillOut.close();
        } catch (IOException e) {
            LOG.debug("cannot close {}: {}", spill, e.getMessage());
        }
        try {
            Files.deleteIfExists(spill);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", spill, e.getMessage());
        }
        spill = null;
        spillOut = null;
    }

    /** The first {@code limit} bytes of a stream: the lines written whole, never a part a failed write left. */
    private static final class BoundedInput extends java.io.FilterInputStream {
        private long left;

        BoundedInput(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
