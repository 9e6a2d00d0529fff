package dev.hubkit.converters.cast;

import dev.hubkit.converters.ChunkBuffers;
import dev.hubkit.converters.TensorData;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A floating-point tensor converted chunk by chunk to another of F32, F16, BF16 (round to nearest
 * even, as PyTorch's {@code .to(dtype)}). F16↔BF16 go through F32, which is exact for both inputs.
 */
public final class CastData implements TensorData {
    private final TensorData source;
    private final TensorInfo info;

    private CastData(TensorData source, DType target) {
        this.source = source;
        TensorInfo s = source.info();
        this.info = new TensorInfo(s.name(), target, s.shape());
    }

    /** Whether {@code from → to} is a cast this class performs (both among F32, F16, BF16, and different). */
    public static boolean supports(DType from, DType to) {
        return from != to && castable(from) && castable(to);
    }

    /** Whether {@code t} is one of F32, F16, BF16. */
    public static boolean castable(DType t) {
        return t == DType.F32 || t == DType.F16 || t == DType.BF16;
    }

    /**
     * {@code source} in {@code target}; returns {@code source} itself when no cast applies (same dtype,
     * integer and bool tensors, which are never cast, and F64/F8 tensors, which are kept as they are).
     */
    public static TensorData wrap(TensorData source, DType target) {
        DType from = source.info().dtype();
        if (target == null || !supports(from, target)) {
            return source; // integers, bool, F64 and F8 are left as they are
        }
        return new CastData(source, target);
    }

    /** The dtype {@code from} becomes under a whole-model cast to {@code target}. */
    public static DType castedType(DType from, DType target) {
        return target != null && supports(from, target) ? target : from;
    }

    @Override
    public TensorInfo info() {
        return info;
    }

    @Override
    public void read(ChunkSink sink) throws IOException {
        DType from = source.info().dtype();
        DType to = info.dtype();
        int perBatch = CHUNK_SIZE / to.byteSize();
        source.read(chunk -> {
            ByteBuffer in = chunk.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int end = in.limit();
            while (in.position() < end) {
                int n = Math.min(perBatch, (end - in.position()) / from.byteSize());
                if (n == 0) {
                    throw new IllegalStateException("chunk of tensor '" + info.name() + "' splits an element");
                }
                ByteBuffer slice = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                slice.limit(in.position() + n * from.byteSize());
                ByteBuffer out = ChunkBuffers.cast();
                convert(slice, out, from, to);
                out.flip();
                sink.accept(out);
                in.position(slice.limit());
            }
        });
    }

    static void convert(ByteBuffer in, ByteBuffer out, DType from, DType to) {
        int p = in.position();
        int end = in.limit();
        int step = from.byteSize();
        for (; p + step <= end; p += step) {
            float f = switch (from) {
                case F32 -> in.getFloat(p);
                case F16 -> FloatBits.f16ToF32(in.getShort(p));
                default -> FloatBits.bf16ToF32(in.getShort(p));
            };
            switch (to) {
                case F32 -> out.putFloat(f);
                case F16 -> out.putShort(FloatBits.f32ToF16(f));
                default -> out.putShort(FloatBits.f32ToBf16(f));
            }
        }
    }

    @Override
    public ByteBuffer buffer() throws IOException {
        return dev.hubkit.converters.TensorBytes.copy(this);
    }
}
