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
 * even, as PyTorch's {@code .to(dtype)}, NaNs included; see {@link FloatBits}).
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

    /** The tensor being cast. */
    public TensorData source() {
        return source;
    }

    @Override
    public void read(ChunkSink sink) throws IOException {
        DType from = source.info().dtype();
        DType to = info.dtype();
        int inSize = from.byteSize();
        int perBatch = CHUNK_SIZE / Math.max(inSize, to.byteSize());
        source.read(chunk -> {
            ByteBuffer in = chunk.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int end = in.limit();
            if ((end - in.position()) % inSize != 0) {
                throw new IllegalStateException("chunk of tensor '" + info.name() + "' splits an element");
            }
            while (in.position() < end) {
                int n = Math.min(perBatch, (end - in.position()) / inSize);
                ByteBuffer out = ChunkBuffers.cast();
                convert(in, in.position(), out, n, from, to);
                out.limit(n * to.byteSize());
                sink.accept(out);
                in.position(in.position() + n * inSize);
            }
        });
    }

    /**
     * Converts {@code n} elements of {@code from} at byte {@code inPos} of {@code in} into {@code out} from
     * byte 0 (both little-endian; absolute accesses, positions untouched). One tight loop per pair, as the
     * JIT compiles it best.
     */
    static void convert(ByteBuffer in, int inPos, ByteBuffer out, int n, DType from, DType to) {
        if (from == DType.F32 && to == DType.BF16) {
            for (int i = 0; i < n; i++) {
                out.putShort(i << 1, FloatBits.f32BitsToBf16(in.getInt(inPos + (i << 2))));
            }
        } else if (from == DType.F32 && to == DType.F16) {
            for (int i = 0; i < n; i++) {
                out.putShort(i << 1, FloatBits.f32BitsToF16(in.getInt(inPos + (i << 2))));
            }
        } else if (from == DType.BF16 && to == DType.F32) {
            for (int i = 0; i < n; i++) {
                out.putInt(i << 2, (in.getShort(inPos + (i << 1)) & 0xFFFF) << 16);
            }
        } else if (from == DType.F16 && to == DType.F32) {
            for (int i = 0; i < n; i++) {
                out.putInt(i << 2, FloatBits.f16ToF32Bits(in.getShort(inPos + (i << 1))));
            }
        } else if (from == DType.F16 && to == DType.BF16) {
            for (int i = 0; i < n; i++) {
                out.putShort(i << 1, FloatBits.f16ToBf16(in.getShort(inPos + (i << 1))));
            }
        } else if (from == DType.BF16 && to == DType.F16) {
            for (int i = 0; i < n; i++) {
                out.putShort(i << 1, FloatBits.bf16ToF16(in.getShort(inPos + (i << 1))));
            }
        } else {
            throw new IllegalArgumentException("no cast from " + from + " to " + to);
        }
    }

    @Override
    public ByteBuffer buffer() throws IOException {
        return dev.hubkit.converters.TensorBytes.copy(this);
    }
}
