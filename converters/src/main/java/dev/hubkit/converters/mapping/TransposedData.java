package dev.hubkit.converters.mapping;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.TensorData;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A 2-D tensor transposed on the fly: the source is read once into the heap, then output rows are
 * gathered tile by tile (cache-friendly) and streamed in chunks of at most {@link #CHUNK_SIZE}.
 */
public final class TransposedData implements TensorData {
    private static final int TILE = 64;
    private final TensorData source;
    private final TensorInfo info;

    /** Transposes {@code source} (rank 2) and renames it {@code name}. */
    public TransposedData(TensorData source, String name) {
        long[] s = source.info().shape();
        if (s.length != 2) {
            throw new FormatException("tensor '" + source.info().name() + "' has shape " + java.util.Arrays.toString(s)
                    + " but a dense kernel must be 2-D to be transposed; check --arch");
        }
        this.source = source;
        this.info = new TensorInfo(name, source.info().dtype(), new long[] {s[1], s[0]});
    }

    @Override
    public TensorInfo info() {
        return info;
    }

    @Override
    public void read(ChunkSink sink) throws IOException {
        long[] s = source.info().shape();
        int rows = (int) s[0];
        int cols = (int) s[1];
        int e = info.dtype().byteSize();
        long size = byteSize();
        if (size == 0) {
            return;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new FormatException("tensor '" + source.info().name() + "' has " + size
                    + " bytes; transposing kernels above 2 GiB is not supported");
        }
        // A heap copy (read sequentially, not memory-mapped, so resident memory stays bounded by the heap).
        ByteBuffer in = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        source.read(in::put);
        in.flip();
        if (e == 4) {
            readInts(in, rows, cols, sink);
            return;
        }
        int rowBytes = rows * e;
        int rowsPerChunk = Math.max(1, CHUNK_SIZE / rowBytes);
        ByteBuffer out = ByteBuffer.allocate(Math.min(rowsPerChunk, cols) * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int c0 = 0; c0 < cols; c0 += rowsPerChunk) {
            int c1 = Math.min(cols, c0 + rowsPerChunk);
            out.clear();
            for (int rb = 0; rb < rows; rb += TILE) {
                int re = Math.min(rows, rb + TILE);
                for (int cb = c0; cb < c1; cb += TILE) {
                    int ce = Math.min(c1, cb + TILE);
                    for (int r = rb; r < re; r++) {
                        for (int c = cb; c < ce; c++) {
                            int src = (r * cols + c) * e;
                            int dst = ((c - c0) * rows + r) * e;
                            switch (e) {
                                case 4 -> out.putInt(dst, in.getInt(src));
                                case 2 -> out.putShort(dst, in.getShort(src));
                                case 8 -> out.putLong(dst, in.getLong(src));
                                default -> {
                                    for (int b = 0; b < e; b++) {
                                        out.put(dst + b, in.get(src + b));
                                    }
                                }
                            }
                        }
                    }
                }
            }
            out.position(0).limit((c1 - c0) * rowBytes);
            sink.accept(out);
        }
    }

    /** The common 4-byte case on int arrays, which the JIT vectorises far better than buffer accesses. */
    private static void readInts(ByteBuffer in, int rows, int cols, ChunkSink sink) throws IOException {
        int[] src = new int[rows * cols];
        in.asIntBuffer().get(src);
        int rowsPerChunk = Math.max(1, (CHUNK_SIZE / 4) / rows);
        int[] dst = new int[Math.min(rowsPerChunk, cols) * rows];
        ByteBuffer out = ByteBuffer.allocate(dst.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int c0 = 0; c0 < cols; c0 += rowsPerChunk) {
            int c1 = Math.min(cols, c0 + rowsPerChunk);
            for (int rb = 0; rb < rows; rb += TILE) {
                int re = Math.min(rows, rb + TILE);
                for (int cb = c0; cb < c1; cb += TILE) {
                    int ce = Math.min(c1, cb + TILE);
                    for (int r = rb; r < re; r++) {
                        int base = r * cols;
                        for (int c = cb; c < ce; c++) {
                            dst[(c - c0) * rows + r] = src[base + c];
                        }
                    }
                }
            }
            int n = (c1 - c0) * rows;
            out.clear();
            out.asIntBuffer().put(dst, 0, n);
            out.position(0).limit(n * 4);
            sink.accept(out);
        }
    }

    @Override
    public ByteBuffer buffer() throws IOException {
        ByteBuffer all = ByteBuffer.allocate((int) byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        read(all::put);
        return all.flip().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }
}
