package dev.hubkit.converters.tensorflow;

import java.nio.ByteBuffer;

/** A pure-Java decoder of raw (unframed) snappy, the compression LevelDB-style table blocks may use. */
final class Snappy {
    private Snappy() {
    }

    /**
     * Decompresses one raw snappy buffer.
     *
     * @param maxLength refuse outputs larger than this (the compressed input can claim any size)
     * @throws IllegalArgumentException when the input is malformed
     */
    static byte[] decompress(ByteBuffer in, int maxLength) {
        ByteBuffer src = in.duplicate();
        long len = 0;
        for (int shift = 0; ; shift += 7) {
            if (shift > 28 || !src.hasRemaining()) {
                throw new IllegalArgumentException("snappy: bad uncompressed length");
            }
            int b = src.get() & 0xFF;
            len |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                break;
            }
        }
        if (len > maxLength) {
            throw new IllegalArgumentException("snappy: uncompressed length " + len + " exceeds the limit " + maxLength);
        }
        byte[] out = new byte[(int) len];
        int op = 0;
        while (src.hasRemaining()) {
            int tag = src.get() & 0xFF;
            int kind = tag & 3;
            if (kind == 0) {
                int n = tag >>> 2;
                if (n >= 60) {
                    int bytes = n - 59;
                    if (src.remaining() < bytes) {
                        throw new IllegalArgumentException("snappy: literal length runs past the input");
                    }
                    n = 0;
                    for (int i = 0; i < bytes; i++) {
                        n |= (src.get() & 0xFF) << (8 * i);
                    }
                }
                long lit = (n & 0xFFFFFFFFL) + 1;
                if (lit > src.remaining() || lit > out.length - op) {
                    throw new IllegalArgumentException("snappy: literal of " + lit + " bytes overruns input or output");
                }
                src.get(out, op, (int) lit);
                op += (int) lit;
                continue;
            }
            int length;
            int offset;
            if (kind == 1) {
                need(src, 1);
                length = ((tag >>> 2) & 7) + 4;
                offset = ((tag >>> 5) << 8) | (src.get() & 0xFF);
            } else if (kind == 2) {
                need(src, 2);
                length = (tag >>> 2) + 1;
                offset = (src.get() & 0xFF) | (src.get() & 0xFF) << 8;
            } else {
                need(src, 4);
                length = (tag >>> 2) + 1;
                offset = (src.get() & 0xFF) | (src.get() & 0xFF) << 8 | (src.get() & 0xFF) << 16
                        | (src.get() & 0xFF) << 24;
            }
            if (offset <= 0 || offset > op || length > out.length - op) {
                throw new IllegalArgumentException("snappy: copy (offset " + offset + ", length " + length
                        + ") outside the output at " + op);
            }
            for (int i = 0; i < length; i++) {
                out[op + i] = out[op - offset + i];
            }
            op += length;
        }
        if (op != out.length) {
            throw new IllegalArgumentException("snappy: produced " + op + " bytes, header promised " + out.length);
        }
        return out;
    }

    private static void need(ByteBuffer b, int n) {
        if (b.remaining() < n) {
            throw new IllegalArgumentException("snappy: copy tag runs past the input");
        }
    }
}
