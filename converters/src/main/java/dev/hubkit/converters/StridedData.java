package dev.hubkit.converters;

import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A strided view (offset and strides in elements) of a storage that lies contiguous in a file:
 * non-contiguous PyTorch tensors such as transposes and slices. Gathers the elements in C order.
 * The caller has checked that every addressed element lies inside the storage.
 */
public final class StridedData implements TensorData {
    private final TensorInfo info;
    private final Path file;
    private final FileChannel channel;
    private final long storageOffset;
    private final long storageBytes;
    private final long elementOffset;
    private final long[] stride;
    private final boolean bigEndian;

    /** A view of the storage at {@code storageOffset} (bytes) of {@code storageBytes} bytes. */
    public StridedData(TensorInfo info, Path file, FileChannel channel, long storageOffset, long storageBytes,
                       long elementOffset, long[] stride, boolean bigEndian) {
        this.info = info;
        this.file = file;
        this.channel = channel;
        this.storageOffset = storageOffset;
        this.storageBytes = storageBytes;
        this.elementOffset = elementOffset;
        this.stride = stride.clone();
        this.bigEndian = bigEndian;
    }

    @Override
    public TensorInfo info() {
        return info;
    }

    @Override
    public void read(ChunkSink sink) throws IOException {
        if (info.numel() == 0) {
            return;
        }
        if (storageBytes > Integer.MAX_VALUE) {
            throw new FormatException(file, "tensor '" + info.name() + "' is a non-contiguous view of a storage of "
                    + storageBytes + " bytes; views of storages over 2 GiB are not supported, save the tensor "
                    + "with .contiguous() first");
        }
        ByteBuffer storage = SourceChanged.map(channel, file, info.name(), storageOffset, storageBytes);
        try {
            gather(storage, sink);
        } catch (InternalError e) {
            // SIGBUS: the file got shorter than the map (truncated or rewritten while being read)
            if (!SourceChanged.isMapFault(e)) {
                throw e;
            }
            throw SourceChanged.mapFault(file, info.name(), e);
        }
        // a fault in compiled code is reported late, its bytes zeros: the storage must still be there
        SourceChanged.requireRegion(channel, file, info.name(), storageOffset, storageBytes);
    }

    /** Streams the view's elements, gathered from the mapped {@code storage}, to {@code sink}. */
    private void gather(ByteBuffer storage, ChunkSink sink) throws IOException {
        int elem = info.dtype().byteSize();
        long[] shape = info.shape();
        int rank = shape.length;
        long[] index = new long[rank];
        ByteBuffer out = ChunkBuffers.output();
        long total = info.numel();
        for (long done = 0; done < total; done++) {
            long e = elementOffset;
            for (int d = 0; d < rank; d++) {
                e += index[d] * stride[d];
            }
            int src = (int) (e * elem);
            for (int b = 0; b < elem; b++) {
                out.put(storage.get(src + b));
            }
            if (!out.hasRemaining()) {
                flush(out, sink);
                out = ChunkBuffers.output();
            }
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        if (out.position() > 0) {
            flush(out, sink);
        }
    }

    private void flush(ByteBuffer out, ChunkSink sink) throws IOException {
        out.flip();
        if (bigEndian) {
            ByteSwap.inPlace(out, info.dtype().scalarSize());
        }
        sink.accept(out);
    }

    @Override
    public ByteBuffer buffer() throws IOException {
        return TensorBytes.copy(this);
    }
}
