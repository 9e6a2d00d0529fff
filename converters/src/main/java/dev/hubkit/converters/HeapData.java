package dev.hubkit.converters;

import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A tensor whose little-endian bytes are already in a buffer (small tensors, tests, generated data). */
public final class HeapData implements TensorData {
    private final TensorInfo info;
    private final ByteBuffer bytes;

    /** {@code bytes} from position to limit must hold exactly {@code info.byteSize()} bytes. */
    public HeapData(TensorInfo info, ByteBuffer bytes) {
        if (bytes.remaining() != info.byteSize()) {
            throw new IllegalArgumentException("tensor '" + info.name() + "' needs " + info.byteSize() + " bytes, got "
                    + bytes.remaining());
        }
        this.info = info;
        this.bytes = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public TensorInfo info() {
        return info;
    }

    @Override
    public void read(ChunkSink sink) throws IOException {
        ByteBuffer b = bytes.duplicate();
        int elem = info.dtype().byteSize();
        int step = CHUNK_SIZE / elem * elem;
        for (int p = 0; p < b.limit(); p += step) {
            ByteBuffer chunk = b.duplicate().position(p).limit(Math.min(b.limit(), p + step));
            sink.accept(chunk.slice().order(ByteOrder.LITTLE_ENDIAN));
        }
    }

    @Override
    public ByteBuffer buffer() {
        return bytes.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }
}
