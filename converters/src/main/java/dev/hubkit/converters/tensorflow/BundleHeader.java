package dev.hubkit.converters.tensorflow;

import java.nio.ByteBuffer;

/**
 * The {@code BundleHeaderProto} stored under the empty key of a tensor bundle index.
 *
 * @param numShards number of {@code .data-NNNNN-of-MMMMM} files
 * @param bigEndian whether tensor bytes are stored big-endian
 * @param producer  the bundle format version that wrote it (TensorFlow writes 1)
 */
public record BundleHeader(int numShards, boolean bigEndian, int producer) {

    /** Decodes a serialized header. */
    public static BundleHeader parse(ByteBuffer bytes) {
        ProtoWire.Reader r = new ProtoWire.Reader(bytes);
        int shards = 0;
        boolean big = false;
        int producer = 0;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> shards = (int) r.varint();
                case 2 -> big = r.varint() == 1;
                case 3 -> {
                    ProtoWire.Reader v = new ProtoWire.Reader(r.bytes());
                    while (v.next()) {
                        if (v.field() == 1 && v.wireType() == ProtoWire.VARINT) {
                            producer = (int) v.varint();
                        } else {
                            v.skip();
                        }
                    }
                }
                default -> r.skip();
            }
        }
        return new BundleHeader(shards, big, producer);
    }

    /** Encodes the header as TensorFlow does (version producer 1, min_consumer 0). */
    public byte[] serialize() {
        ProtoWire.Writer w = new ProtoWire.Writer();
        if (numShards != 0) {
            w.varintField(1, numShards);
        }
        if (bigEndian) {
            w.varintField(2, 1);
        }
        w.bytesField(3, new ProtoWire.Writer().varintField(1, producer).toBytes());
        return w.toBytes();
    }
}
