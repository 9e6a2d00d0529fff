package dev.hubkit.converters.tensorflow;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One {@code BundleEntryProto} of a tensor bundle index: where a tensor's bytes lie and their checksum.
 *
 * @param dtype   the TensorFlow {@code DataType} enum number
 * @param shape   dimensions (empty for a scalar)
 * @param shardId which {@code .data-NNNNN-of-MMMMM} file holds the bytes
 * @param offset  first byte in that file
 * @param size    number of bytes
 * @param crc32c  masked CRC32C of the bytes as stored
 * @param sliced  whether the entry describes a partitioned variable (its slices live under other keys)
 */
public record BundleEntry(int dtype, long[] shape, int shardId, long offset, long size, int crc32c, boolean sliced) {
    /** {@code DT_STRING}. */
    public static final int DT_STRING = 7;

    /** Copies the shape. */
    public BundleEntry {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Decodes a serialized {@code BundleEntryProto}. */
    public static BundleEntry parse(ByteBuffer bytes) {
        ProtoWire.Reader r = new ProtoWire.Reader(bytes);
        int dtype = 0;
        long[] shape = new long[0];
        int shard = 0;
        long offset = 0;
        long size = 0;
        int crc = 0;
        boolean sliced = false;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> dtype = (int) r.varint();
                case 2 -> shape = parseShape(r.bytes());
                case 3 -> shard = (int) r.varint();
                case 4 -> offset = r.varint();
                case 5 -> size = r.varint();
                case 6 -> crc = r.fixed32();
                case 7 -> {
                    r.skip();
                    sliced = true;
                }
                default -> r.skip();
            }
        }
        return new BundleEntry(dtype, shape, shard, offset, size, crc, sliced);
    }

    private static long[] parseShape(ByteBuffer bytes) {
        ProtoWire.Reader r = new ProtoWire.Reader(bytes);
        long[] dims = new long[0];
        while (r.next()) {
            if (r.field() == 2 && r.wireType() == ProtoWire.LEN) {
                ProtoWire.Reader d = new ProtoWire.Reader(r.bytes());
                long size = 0;
                while (d.next()) {
                    if (d.field() == 1 && d.wireType() == ProtoWire.VARINT) {
                        size = d.varint();
                    } else {
                        d.skip();
                    }
                }
                dims = Arrays.copyOf(dims, dims.length + 1);
                dims[dims.length - 1] = size;
            } else if (r.field() == 3 && r.wireType() == ProtoWire.VARINT && r.varint() != 0) {
                throw new IllegalArgumentException("tensor shape of unknown rank");
            } else {
                r.skip();
            }
        }
        return dims;
    }

    /** Encodes as a {@code BundleEntryProto}, fields in TensorFlow's order. */
    public byte[] serialize() {
        ProtoWire.Writer shapeW = new ProtoWire.Writer();
        for (long d : shape) {
            ProtoWire.Writer dim = new ProtoWire.Writer();
            if (d != 0) {
                dim.varintField(1, d);
            }
            shapeW.bytesField(2, dim.toBytes());
        }
        ProtoWire.Writer w = new ProtoWire.Writer();
        if (dtype != 0) {
            w.varintField(1, dtype);
        }
        w.bytesField(2, shapeW.toBytes());
        if (shardId != 0) {
            w.varintField(3, shardId);
        }
        if (offset != 0) {
            w.varintField(4, offset);
        }
        if (size != 0) {
            w.varintField(5, size);
        }
        w.fixed32Field(6, crc32c);
        return w.toBytes();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BundleEntry e && dtype == e.dtype && Arrays.equals(shape, e.shape) && shardId == e.shardId
                && offset == e.offset && size == e.size && crc32c == e.crc32c && sliced == e.sliced;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Long.hashCode(offset);
    }

    @Override
    public String toString() {
        return "BundleEntry[dtype=" + dtype + ", shape=" + Arrays.toString(shape) + ", shard=" + shardId + ", offset="
                + offset + ", size=" + size + "]";
    }
}
