package dev.hubkit.converters;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC-32C of bytes in a memory map, summed from a small buffer of the thread's own that the bytes are first
 * copied into. The JDK sums a buffer in a native stub, where a fault on a page the file no longer holds
 * (truncated while being read) kills the JVM; a bulk copy out of the map raises an {@link InternalError} instead
 * ({@link SourceChanged#isMapFault}). The buffer stays in L2, so the copy costs a fraction of the sum's own
 * pass over the map.
 */
public final class MappedCrc32c {
    /** Bytes copied and summed per step. */
    static final int STEP = 256 * 1024;
    private static final ThreadLocal<ByteBuffer> STEPS = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(STEP));

    private MappedCrc32c() {
    }

    /** The CRC-32C (unmasked) of bytes {@code [from, to)} of {@code map}; its position and limit are ignored. */
    public static int of(ByteBuffer map, int from, int to) {
        CRC32C crc = new CRC32C();
        update(crc, map, from, to);
        return (int) crc.getValue();
    }

    /** Adds bytes {@code [from, to)} of {@code map} to {@code crc}; the map's position and limit are ignored. */
    public static void update(CRC32C crc, ByteBuffer map, int from, int to) {
        ByteBuffer step = STEPS.get();
        for (int at = from; at < to; at += STEP) {
            int n = Math.min(STEP, to - at);
            step.clear().put(0, map, at, n);
            crc.update(step.limit(n));
        }
    }
}
