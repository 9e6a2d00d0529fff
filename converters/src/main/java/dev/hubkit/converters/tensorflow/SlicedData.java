package dev.hubkit.converters.tensorflow;

import dev.hubkit.converters.ByteSwap;
import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.TensorData;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A partitioned variable put together from its slices as it is read: rows of the full tensor (its first
 * dimension) a chunk at a time, each slice's part of those rows read in one positional read, checked
 * against the slice's CRC32C (its bytes are consumed in order) and copied into place. Memory stays at
 * about two chunks whatever the tensor's size.
 */
final class SlicedData implements TensorData {
    /** One slice: where it sits in the full tensor and where its bytes are. */
    record Part(long[] start, long[] lengths, Path file, FileChannel channel, long offset, long size, int crc32c) {
    }

    private final TensorInfo info;
    private final List<Part> parts;
    private final boolean bigEndian;

    SlicedData(TensorInfo info, List<Part> parts, boolean bigEndian) {
        this.info = info;
        this.parts = List.copyOf(parts);
        this.bigEndian = bigEndian;
    }

    @Override
    public TensorInfo info() {
        return info;
    }

    @Override
    public void read(ChunkSink sink) throws IOException {
        long[] shape = info.shape().length == 0 ? new long[] {1} : info.shape();
        int e = info.dtype().byteSize();
        int n = shape.length;
        long rowElems = product(shape, 1, n);
        long rowBytes = rowElems * e;
        CRC32C[] crcs = new CRC32C[parts.size()];
        long[] consumed = new long[parts.size()];
        for (int i = 0; i < crcs.length; i++) {
            crcs[i] = new CRC32C();
        }
        if (rowBytes > 0 && shape[0] > 0) {
            if (rowBytes > Integer.MAX_VALUE / 2) {
                throw new FormatException(parts.get(0).file(), "partitioned tensor '" + info.name() + "' has rows of "
                        + rowBytes + " bytes; too large to put together");
            }
            long rowsPerChunk = Math.max(1, CHUNK_SIZE / rowBytes);
            ByteBuffer chunk = ByteBuffer.allocate((int) (Math.min(rowsPerChunk, shape[0]) * rowBytes))
                    .order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer part = ByteBuffer.allocate(chunk.capacity()).order(ByteOrder.LITTLE_ENDIAN);
            long[] stride = new long[n];
            for (int d = 0; d < n; d++) {
                stride[d] = product(shape, d + 1, n);
            }
            for (long r0 = 0; r0 < shape[0]; r0 += rowsPerChunk) {
                long r1 = Math.min(shape[0], r0 + rowsPerChunk);
                chunk.clear().limit((int) ((r1 - r0) * rowBytes));
                for (int i = 0; i < parts.size(); i++) {
                    Part p = parts.get(i);
                    long from = Math.max(r0, p.start()[0]);
                    long to = Math.min(r1, p.start()[0] + p.lengths()[0]);
                    long partRowElems = product(p.lengths(), 1, n);
                    if (from >= to || partRowElems == 0) {
                        continue;
                    }
                    int bytes = (int) ((to - from) * partRowElems * e);
                    part.clear().limit(bytes);
                    long at = p.offset() + consumed[i];
                    while (part.hasRemaining()) {
                        if (p.channel().read(part, at + part.position()) < 0) {
                            throw new FormatException(p.file(), "a slice of tensor '" + info.name() + "' is cut short"
                                    + "; the data shard is truncated");
                        }
                    }
                    part.flip();
                    crcs[i].update(part.duplicate());
                    consumed[i] += bytes;
                    if (bigEndian) {
                        ByteSwap.inPlace(part, info.dtype().scalarSize());
                    }
                    scatter(part, chunk, p, from - r0, to - from, partRowElems, stride, e);
                }
                sink.accept(chunk.position(0));
            }
        }
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            if (consumed[i] != p.size() || MaskedCrc.mask((int) crcs[i].getValue()) != p.crc32c()) {
                throw new FormatException(p.file(), "CRC mismatch in a slice of tensor '" + info.name()
                        + "' (offset " + p.offset() + ", " + p.size() + " bytes); the data shard is corrupt");
            }
        }
    }

    /**
     * Copies {@code rows} rows of part {@code p} (its bytes for them in {@code src}) into {@code chunk},
     * whose first row is row {@code firstRow} of the chunk: one run per last-dimension extent.
     */
    private static void scatter(ByteBuffer src, ByteBuffer chunk, Part p, long firstRow, long rows, long partRowElems,
                                long[] stride, int e) {
        int n = stride.length;
        long[] start = p.start();
        long[] len = p.lengths();
        int run = (int) ((n == 1 ? rows : len[n - 1]) * e);
        long runs = n == 1 ? 1 : rows * product(len, 1, n - 1);
        long[] idx = new long[n]; // idx[0]: row within this call; idx[1..n-2]: position in the part
        byte[] a = src.array();
        byte[] b = chunk.array();
        int srcPos = src.arrayOffset() + src.position();
        for (long k = 0; k < runs; k++) {
            long dst = (firstRow + idx[0]) * stride[0] + (n == 1 ? 0 : start[n - 1]);
            for (int d = 1; d < n - 1; d++) {
                dst += (start[d] + idx[d]) * stride[d];
            }
            System.arraycopy(a, srcPos, b, chunk.arrayOffset() + (int) (dst * e), run);
            srcPos += run;
            for (int d = n - 2; d >= 0; d--) { // next run: last inner dimension fastest
                if (++idx[d] < (d == 0 ? rows : len[d])) {
                    break;
                }
                idx[d] = 0;
            }
        }
    }

    private static long product(long[] dims, int from, int to) {
        long p = 1;
        for (int d = from; d < to; d++) {
            p *= dims[d];
        }
        return p;
    }

    @Override
    public ByteBuffer buffer() throws IOException {
        if (byteSize() > Integer.MAX_VALUE) {
            throw new FormatException(parts.get(0).file(), "partitioned tensor '" + info.name() + "' of " + byteSize()
                    + " bytes is larger than one buffer; stream it");
        }
        ByteBuffer all = ByteBuffer.allocate((int) byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        read(all::put);
        return all.flip();
    }
}
