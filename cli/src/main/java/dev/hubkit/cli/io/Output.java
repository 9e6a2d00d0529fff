package dev.hubkit.cli.io;

import dev.hubkit.converters.AtomicFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;

/**
 * Where a text command writes its result: standard output, streamed as it is written, or a file, written to a
 * temporary file in the file's folder and renamed into place by {@link #commit()} only. Closing an output that
 * was not committed deletes the temporary file, so a failed run leaves nothing behind and an existing file as
 * it was.
 */
public final class Output implements AutoCloseable {

    private static final int BUFFER = 1 << 16;

    private final AtomicFile file;
    private final OutputStream stream;
    private boolean committed;

    private Output(AtomicFile file, OutputStream stream) {
        this.file = file;
        this.stream = stream;
    }

    /** Standard output when {@code file} is null or {@code -}, else a temporary file beside {@code file}. */
    public static Output open(Path file) throws IOException {
        if (file == null || file.toString().equals("-")) {
            return new Output(null, System.out);
        }
        AtomicFile atomic = AtomicFile.create(file);
        return new Output(atomic, new BufferedOutputStream(Channels.newOutputStream(atomic.channel()), BUFFER));
    }

    /** The stream to write to; closing it is left to {@link #commit()} and {@link #close()}. */
    public OutputStream stream() {
        return stream;
    }

    /** Flushes what was written; a file is then renamed onto its target, replacing what was there. */
    public void commit() throws IOException {
        stream.flush();
        if (file != null) {
            file.commit();
        }
        committed = true;
    }

    /** Deletes the temporary file unless {@link #commit()} ran; standard output is left open. */
    @Override
    public void close() {
        if (file != null && !committed) {
            file.close();
        }
    }
}
