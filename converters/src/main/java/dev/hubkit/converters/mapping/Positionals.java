package dev.hubkit.converters.mapping;

import dev.hubkit.converters.ByteSwap;
import dev.hubkit.converters.FileRegionData;
import dev.hubkit.converters.HeapData;
import dev.hubkit.converters.SourceChanged;
import dev.hubkit.converters.TensorData;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Positional access to the tensor sources that allow it; others are streamed. */
final class Positionals {
    private Positionals() {
    }

    /** {@code data} as {@link PositionalData}, or null when it can only be streamed. */
    static PositionalData of(TensorData data) {
        if (data instanceof PositionalData p) {
            return p;
        }
        if (data instanceof FileRegionData f) {
            return new Region(f);
        }
        if (data instanceof HeapData h) {
            return new Heap(h);
        }
        return null;
    }

    /** A contiguous file region, read with positional reads (byte-swapped when stored big-endian). */
    private record Region(FileRegionData f) implements PositionalData {
        @Override
        public TensorInfo info() {
            return f.info();
        }

        @Override
        public void read(ChunkSink sink) throws IOException {
            f.read(sink);
        }

        @Override
        public ByteBuffer buffer() throws IOException {
            return f.buffer();
        }

        @Override
        public boolean mappable() {
            return f.rawLittleEndian() && f.byteSize() <= Integer.MAX_VALUE;
        }

        @Override
        public java.nio.file.Path file() {
            return f.file();
        }

        @Override
        public void checkUnchanged() throws IOException {
            SourceChanged.requireRegion(f.channel(), f.file(), f.info().name(), f.offset(), f.byteSize());
        }

        @Override
        public java.nio.MappedByteBuffer mappedView() throws IOException {
            return mappable() ? SourceChanged.map(f.channel(), f.file(), f.info().name(), f.offset(), f.byteSize()) : null;
        }

        @Override
        public void readAt(long offset, ByteBuffer dst) throws IOException {
            int start = dst.position();
            long at = f.offset() + offset;
            while (dst.hasRemaining()) {
                int n = f.channel().read(dst, at + dst.position() - start);
                if (n < 0) {
                    throw SourceChanged.cutShort(f.file(), f.info().name(), at + dst.position() - start);
                }
            }
            if (!f.rawLittleEndian()) {
                ByteSwap.inPlace(dst.duplicate().flip().position(start), f.info().dtype().scalarSize());
            }
        }
    }

    /** Bytes already in memory. */
    private record Heap(HeapData h) implements PositionalData {
        @Override
        public TensorInfo info() {
            return h.info();
        }

        @Override
        public void read(ChunkSink sink) throws IOException {
            h.read(sink);
        }

        @Override
        public ByteBuffer buffer() {
            return h.buffer();
        }

        @Override
        public void readAt(long offset, ByteBuffer dst) {
            ByteBuffer all = h.buffer();
            int n = dst.remaining();
            dst.put(all.position((int) offset).limit((int) offset + n));
        }
    }
}
