package dev.hubkit.converters.mapping;

import dev.hubkit.converters.TensorData;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A tensor under another name, bytes untouched. */
public final class RenamedData implements TensorData {
    private final TensorData source;
    private final TensorInfo info;

    /** {@code source} called {@code name}. */
    public RenamedData(TensorData source, String name) {
        this.source = source;
        this.info = new TensorInfo(name, source.info().dtype(), source.info().shape());
    }

    @Override
    public TensorInfo info() {
        return info;
    }

    /** The tensor renamed. */
    public TensorData source() {
        return source;
    }

    @Override
    public void read(ChunkSink sink) throws IOException {
        source.read(sink);
    }

    @Override
    public ByteBuffer buffer() throws IOException {
        return source.buffer();
    }
}
