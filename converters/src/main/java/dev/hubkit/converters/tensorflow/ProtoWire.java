package dev.hubkit.converters.tensorflow;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The few pieces of the protocol buffer wire format that the tensor bundle's messages need
 * ({@code BundleHeaderProto}, {@code BundleEntryProto}, {@code TensorShapeProto},
 * {@code TrackableObjectGraph}). Hand-written so that hubkit's runtime does not depend on a
 * protobuf runtime version that clashes with TensorFlow's own.
 */
final class ProtoWire {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    private ProtoWire() {
    }

    /** Reads fields from a message's bytes; every overrun throws {@link IllegalArgumentException}. */
    static final class Reader {
        private final ByteBuffer buf;
        private int tag;

        Reader(ByteBuffer bytes) {
            this.buf = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        }

        /** Advances to the next field; false at the end of the message. */
        boolean next() {
            if (!buf.hasRemaining()) {
                return false;
            }
            long t = varint();
            if (t <= 0 || t > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("bad protobuf field tag " + t);
            }
            tag = (int) t;
            return true;
        }

        int field() {
            return tag >>> 3;
        }

        int wireType() {
            return tag & 7;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (!buf.hasRemaining()) {
                    throw new IllegalArgumentException("protobuf varint runs past the end of the message");
                }
                byte b = buf.get();
                result |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("protobuf varint longer than 10 bytes");
        }

        int fixed32() {
            need(4);
            return buf.getInt();
        }

        ByteBuffer bytes() {
            long n = varint();
            if (n < 0 || n > buf.remaining()) {
                throw new IllegalArgumentException("protobuf length " + n + " runs past the end of the message ("
                        + buf.remaining() + " bytes left)");
            }
            ByteBuffer out = buf.slice().limit((int) n).order(ByteOrder.LITTLE_ENDIAN);
            buf.position(buf.position() + (int) n);
            return out;
        }

        String string() {
            ByteBuffer b = bytes();
            byte[] a = new byte[b.remaining()];
            b.get(a);
            return new String(a, StandardCharsets.UTF_8);
        }

        /** Skips the current field's value. */
        void skip() {
            switch (wireType()) {
                case VARINT -> varint();
                case FIXED64 -> {
                    need(8);
                    buf.position(buf.position() + 8);
                }
                case LEN -> bytes();
                case FIXED32 -> {
                    need(4);
                    buf.position(buf.position() + 4);
                }
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wireType());
            }
        }

        private void need(int n) {
            if (buf.remaining() < n) {
                throw new IllegalArgumentException("protobuf field runs past the end of the message");
            }
        }
    }

    /** Appends fields to a message. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer varintField(int field, long value) {
            rawVarint((long) field << 3 | VARINT);
            rawVarint(value);
            return this;
        }

        Writer fixed32Field(int field, int value) {
            rawVarint((long) field << 3 | FIXED32);
            for (int i = 0; i < 4; i++) {
                out.write(value >>> (8 * i));
            }
            return this;
        }

        Writer bytesField(int field, byte[] value) {
            rawVarint((long) field << 3 | LEN);
            rawVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        Writer stringField(int field, String value) {
            return bytesField(field, value.getBytes(StandardCharsets.UTF_8));
        }

        byte[] toBytes() {
            return out.toByteArray();
        }

        private void rawVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
