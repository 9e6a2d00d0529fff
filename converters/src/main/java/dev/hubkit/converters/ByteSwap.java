package dev.hubkit.converters;

import java.nio.ByteBuffer;

/** Reverses the byte order of every element of a buffer in place (big-endian checkpoints). */
public final class ByteSwap {
    private ByteSwap() {
    }

    /** Swaps each {@code elementSize}-byte element between position and limit. */
    public static void inPlace(ByteBuffer buf, int elementSize) {
        int start = buf.position();
        int end = buf.limit();
        switch (elementSize) {
            case 1 -> {
            }
            case 2 -> {
                for (int i = start; i + 1 < end; i += 2) {
                    buf.putShort(i, Short.reverseBytes(buf.getShort(i)));
                }
            }
            case 4 -> {
                for (int i = start; i + 3 < end; i += 4) {
                    buf.putInt(i, Integer.reverseBytes(buf.getInt(i)));
                }
            }
            case 8 -> {
                for (int i = start; i + 7 < end; i += 8) {
                    buf.putLong(i, Long.reverseBytes(buf.getLong(i)));
                }
            }
            default -> throw new IllegalArgumentException("element size " + elementSize);
        }
    }
}
