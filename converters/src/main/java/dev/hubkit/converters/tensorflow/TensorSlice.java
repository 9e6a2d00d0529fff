package dev.hubkit.converters.tensorflow;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One slice of a partitioned variable: a box of the full tensor, as a {@code TensorSliceProto} lists it
 * in the full tensor's {@code BundleEntryProto}. TensorFlow 1 partitioned variables and TensorFlow 2's
 * sharding policies ({@code MaxShardSizePolicy}) store each slice under a key of its own.
 *
 * @param start  first index per dimension
 * @param length extent per dimension; {@link #FULL} for the whole dimension
 */
public record TensorSlice(long[] start, long[] length) {
    /** A length that covers the whole dimension ({@code kFullExtent}). */
    public static final long FULL = -1;

    /** Copies the arrays. */
    public TensorSlice {
        start = start.clone();
        length = length.clone();
    }

    @Override
    public long[] start() {
        return start.clone();
    }

    @Override
    public long[] length() {
        return length.clone();
    }

    /** The slices listed in a serialized {@code BundleEntryProto} (field 7), in order. */
    public static List<TensorSlice> parseAll(ByteBuffer entry) {
        List<TensorSlice> out = new ArrayList<>();
        ProtoWire.Reader r = new ProtoWire.Reader(entry);
        while (r.next()) {
            if (r.field() == 7 && r.wireType() == ProtoWire.LEN) {
                out.add(parse(r.bytes()));
            } else {
                r.skip();
            }
        }
        return out;
    }

    private static TensorSlice parse(ByteBuffer proto) {
        List<long[]> extents = new ArrayList<>();
        ProtoWire.Reader r = new ProtoWire.Reader(proto);
        while (r.next()) {
            if (r.field() == 1 && r.wireType() == ProtoWire.LEN) {
                ProtoWire.Reader e = new ProtoWire.Reader(r.bytes());
                long[] extent = {0, FULL};
                while (e.next()) {
                    if (e.field() == 1 && e.wireType() == ProtoWire.VARINT) {
                        extent[0] = e.varint();
                    } else if (e.field() == 2 && e.wireType() == ProtoWire.VARINT) {
                        extent[1] = e.varint();
                    } else {
                        e.skip();
                    }
                }
                extents.add(extent);
            } else {
                r.skip();
            }
        }
        long[] start = new long[extents.size()];
        long[] length = new long[extents.size()];
        for (int i = 0; i < start.length; i++) {
            start[i] = extents.get(i)[0];
            length[i] = extents.get(i)[1];
        }
        return new TensorSlice(start, length);
    }

    /**
     * The slice's extent in each dimension of a tensor of {@code shape} ({@link #FULL} resolved).
     *
     * @throws IllegalArgumentException when its rank differs or it reaches outside the tensor
     */
    public long[] lengthsIn(long[] shape) {
        if (start.length != shape.length) {
            throw new IllegalArgumentException("slice of rank " + start.length + " in a tensor of rank " + shape.length);
        }
        long[] out = new long[shape.length];
        for (int d = 0; d < shape.length; d++) {
            long len = length[d] == FULL ? shape[d] - start[d] : length[d];
            if (start[d] < 0 || start[d] > shape[d] || len < 0 || len > shape[d] - start[d]
                    || length[d] == FULL && start[d] != 0) {
                throw new IllegalArgumentException("slice " + this + " reaches outside shape " + Arrays.toString(shape));
            }
            out[d] = len;
        }
        return out;
    }

    /**
     * The index key of this slice of tensor {@code name}: TensorFlow's {@code EncodeTensorNameSlice}, in
     * {@code OrderedCode} (a 0, the name, the rank, then start and length of each dimension).
     */
    public byte[] key(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeNumIncreasing(out, 0);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            out.write(b);
            if (b == 0) {
                out.write(0xFF);
            } else if (b == (byte) 0xFF) {
                out.write(0);
            }
        }
        out.write(0);
        out.write(1);
        writeNumIncreasing(out, start.length);
        for (int d = 0; d < start.length; d++) {
            writeSignedNumIncreasing(out, start[d]);
            writeSignedNumIncreasing(out, length[d]);
        }
        return out.toByteArray();
    }

    /** {@code OrderedCode::WriteNumIncreasing}: a length byte, then the value big-endian without leading zeros. */
    private static void writeNumIncreasing(ByteArrayOutputStream out, long value) {
        int len = (64 - Long.numberOfLeadingZeros(value) + 7) / 8;
        out.write(len);
        for (int i = len - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    /**
     * {@code OrderedCode::WriteSignedNumIncreasing}: the value big-endian in the fewest bytes that keep its
     * sign bit, with as many leading bits as extra bytes set (flipped for negative values) to say the length.
     */
    private static void writeSignedNumIncreasing(ByteArrayOutputStream out, long value) {
        long magnitude = value < 0 ? ~value : value;
        int bits = 64 - Long.numberOfLeadingZeros(magnitude);
        int len = bits / 7 + 1; // 1 to 10 bytes
        byte[] buf = new byte[10];
        long v = value;
        for (int i = 9; i >= 2; i--) {
            buf[i] = (byte) v;
            v >>= 8;
        }
        byte sign = (byte) (value < 0 ? 0xFF : 0);
        buf[0] = sign;
        buf[1] = sign;
        int begin = 10 - len;
        // header bits: len - 1 ones after a leading one (0x80 for one byte, 0xc0 for two, ...), 0xff 0x80.. past 8
        long header = len <= 8 ? (0xFFL << (8 - len)) & 0xFF : 0xFF;
        buf[begin] ^= (byte) header;
        if (len > 8) {
            buf[begin + 1] ^= (byte) (len == 9 ? 0x80 : 0xC0);
        }
        out.write(buf, begin, len);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSlice s && Arrays.equals(start, s.start) && Arrays.equals(length, s.length);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(start) * 31 + Arrays.hashCode(length);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < start.length; d++) {
            sb.append(d == 0 ? "" : ":").append(start[d]).append(',').append(length[d] == FULL ? "-" : length[d]);
        }
        return sb.toString();
    }
}
