package dev.hubkit.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Holds what is written to {@link System#err} while a command runs (the library's log lines: slf4j-simple writes its
 * warnings there) and hands it on when the command has ended: each distinct line once when it succeeded, nothing
 * when it failed, since a failing command ends with its one {@code hubkit: ...} line, which supersedes the warnings
 * logged on the way (a warning about a tokenizer that was loaded, an output that was not written). The command's own
 * stderr (picocli's {@code getErr()}, the error line, progress) goes to the real stream and is never held.
 * Past {@link #LIMIT} bytes the held lines are handed on and later ones pass straight through.
 */
final class HeldLogLines extends OutputStream {

    /** The most bytes held; a command that logs more gets its lines as they come. */
    static final int LIMIT = 1 << 20;

    private final PrintStream real;
    private final Charset charset;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private boolean passThrough;

    private HeldLogLines(PrintStream real, Charset charset) {
        this.real = real;
        this.charset = charset;
    }

    /**
     * Makes {@link System#err} hold its lines until {@link #release}; {@code real} is where they go then (the
     * stream {@link System#err} was).
     */
    static HeldLogLines install(PrintStream real) {
        Charset charset = stderrCharset();
        HeldLogLines lines = new HeldLogLines(real, charset);
        try {
            System.setErr(new PrintStream(lines, true, charset.name()));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e); // the name of a Charset the JVM has
        }
        return lines;
    }

    /** Puts the real stream back; writes each distinct held line once when {@code succeeded}, else drops them. */
    synchronized void release(boolean succeeded) {
        System.setErr(real);
        if (succeeded) {
            handOn();
        }
        held.reset();
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (passThrough) {
            real.write(b, off, len);
            return;
        }
        held.write(b, off, len);
        if (held.size() > LIMIT) {
            handOn();
            held.reset();
            passThrough = true;
        }
    }

    @Override
    public synchronized void flush() {
        if (passThrough) {
            real.flush();
        }
    }

    private void handOn() {
        String text = held.toString(charset);
        if (text.isEmpty()) {
            return;
        }
        Set<String> lines = new LinkedHashSet<>(text.lines().toList());
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line).append(System.lineSeparator());
        }
        byte[] bytes = out.toString().getBytes(charset);
        real.write(bytes, 0, bytes.length);
        real.flush();
    }

    /** The charset {@link System#err} encodes with, so held text reaches the terminal as it would have. */
    private static Charset stderrCharset() {
        for (String property : new String[] {"stderr.encoding", "sun.stderr.encoding"}) {
            String name = System.getProperty(property);
            if (name != null && Charset.isSupported(name)) {
                return Charset.forName(name);
            }
        }
        return Charset.defaultCharset();
    }
}
