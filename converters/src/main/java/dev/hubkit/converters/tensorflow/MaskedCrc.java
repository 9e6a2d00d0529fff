package dev.hubkit.converters.tensorflow;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C as TensorFlow and LevelDB store it: masked so that a CRC of data holding CRCs stays well spread. */
public final class MaskedCrc {
    private static final int MASK_DELTA = 0xa282ead8;

    private MaskedCrc() {
    }

    /** Masks a raw CRC32C value: {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}. */
    public static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    /** Inverse of {@link #mask}. */
    public static int unmask(int masked) {
        int rot = masked - MASK_DELTA;
        return (rot >>> 17) | (rot << 15);
    }

    /** Masked CRC32C of the buffer's remaining bytes (its position is left unchanged). */
    public static int of(ByteBuffer buf) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate());
        return mask((int) crc.getValue());
    }
}
