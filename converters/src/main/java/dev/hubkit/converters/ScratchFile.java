package dev.hubkit.converters;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A temporary file in the system's temporary folder that a reader fills and reads back (e.g. inflated zip
 * entries, memory-mapped like stored ones), deleted when closed, or when the JVM exits first ({@link TempFileReaper}).
 */
public final class ScratchFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;

    private ScratchFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Creates an empty scratch file named {@code hubkit-PURPOSE-*.tmp}, open for reading and writing. */
    public static ScratchFile create(String purpose) throws IOException {
        Path p = Files.createTempFile("hubkit-" + purpose + "-", ".tmp");
        TempFileReaper.register(p);
        try {
            return new ScratchFile(p, FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(p);
            TempFileReaper.release(p);
            throw e;
        }
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** The channel on it, for reading and writing. */
    public FileChannel channel() {
        return channel;
    }

    /** Closes the channel and deletes the file. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // deleting it is what matters
        }
        try {
            Files.deleteIfExists(path);
            TempFileReaper.release(path);
        } catch (IOException ignored) {
            // the JVM's exit tries again
        }
    }
}
