package dev.hubkit.converters;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only memory maps of file regions that are unmapped as soon as their reader is done with them, so
 * that reading a large checkpoint through maps, one region after another, never holds more than a region's
 * pages mapped: the process's resident set stays small whatever the file size. Java 17 has no public way
 * to unmap a buffer before the garbage collector collects it; this uses {@code sun.misc.Unsafe.invokeCleaner}
 * (module jdk.unsupported), as Lucene's MMapDirectory does on Java 17, and where that is not available it
 * leaves the map to the garbage collector.
 */
public final class MappedRegions {
    private static final Logger LOG = LoggerFactory.getLogger(MappedRegions.class);
    private static final sun.misc.Unsafe UNSAFE = unsafe();

    private MappedRegions() {
    }

    /** A read-only little-endian map of {@code size} bytes at {@code offset} of {@code channel}. */
    public static MappedByteBuffer map(FileChannel channel, long offset, long size) throws IOException {
        MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, offset, size);
        map.order(ByteOrder.LITTLE_ENDIAN);
        return map;
    }

    /**
     * Unmaps {@code map} now. The caller guarantees that no thread reads it, or any view of it, any more:
     * a read after this crashes the JVM. Without the unmapping call the map is left to the garbage collector.
     */
    public static void release(MappedByteBuffer map) {
        if (UNSAFE != null) {
            UNSAFE.invokeCleaner(map);
        }
    }

    /** Whether {@link #release} unmaps at once (false: maps live until garbage collected). */
    public static boolean unmapsAtOnce() {
        return UNSAFE != null;
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("memory maps are left to the garbage collector: {}", e.toString());
            return null;
        }
    }
}
