package dev.hubkit.converters;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The errors of a source file that gets shorter while a conversion reads it (truncated, or rewritten in place by a
 * shorter file): a positional read that meets the end of the file, a memory map of a region that is no longer
 * there, and a read of a memory map whose pages went away, which the JVM reports as an {@link InternalError}
 * ("a fault occurred in ... unsafe memory access"). Each becomes a {@link FormatException} naming the file.
 */
public final class SourceChanged {
    private static final String AGAIN = "convert again from a complete file";

    private SourceChanged() {
    }

    /** {@code file} ends at byte {@code endsAt}, inside tensor {@code tensor} that a positional read was reading. */
    public static FormatException cutShort(Path file, String tensor, long endsAt) {
        return new FormatException(file, "tensor '" + tensor + "' is cut short: the file ends at byte " + endsAt
                + ", inside it; the file is truncated, or it changed while being read (truncated or rewritten by"
                + " another program during the conversion); " + AGAIN);
    }

    /** A read of tensor {@code tensor} from a memory map of {@code file} faulted ({@code cause}): the file shrank. */
    public static FormatException mapFault(Path file, String tensor, Throwable cause) {
        return new FormatException(file, "reading tensor '" + tensor + "' failed: the file changed while being read"
                + " (truncated or rewritten by another program during the conversion); " + AGAIN, cause);
    }

    /** A read from a memory map of {@code file} faulted ({@code cause}) somewhere in a conversion: the file shrank. */
    public static FormatException mapFault(Path file, Throwable cause) {
        return new FormatException(file, "reading it failed: the file changed while being read (truncated or"
                + " rewritten by another program during the conversion); " + AGAIN, cause);
    }

    /**
     * Whether {@code e} is the JVM's report of a fault in a memory-mapped read (SIGBUS: the mapped file is now
     * shorter than the map), as opposed to any other internal error.
     */
    public static boolean isMapFault(Throwable e) {
        return e instanceof InternalError && e.getMessage() != null
                && e.getMessage().contains("fault occurred") && e.getMessage().contains("unsafe memory access");
    }

    /**
     * A read-only little-endian map of {@code size} bytes at {@code offset} of {@code channel} (on {@code file}),
     * after checking that the file still holds them: mapping past the end of a file opened for reading fails
     * with an unhelpful "Channel not open for writing" error.
     */
    public static MappedByteBuffer map(FileChannel channel, Path file, String tensor, long offset, long size)
            throws IOException {
        requireRegion(channel, file, tensor, offset, size);
        return MappedRegions.map(channel, offset, size);
    }

    /** Throws {@link #cutShort} when {@code file} no longer holds {@code size} bytes at {@code offset}. */
    public static void requireRegion(FileChannel channel, Path file, String tensor, long offset, long size)
            throws IOException {
        long end = channel.size();
        if (end < offset + size) {
            throw cutShort(file, tensor, end);
        }
    }
}
