package dev.hubkit.runtime.backend;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Native (direct) buffers one ONNX Runtime call reads its inputs from and writes an in-place output
 * to, reused from call to call so that no call allocates and first-touches fresh memory (on the
 * machines measured, touching fresh pages cost more than the copies themselves). Each buffer grows to
 * the largest size asked for. Not thread-safe: one call uses one instance at a time.
 */
final class CallBuffers {
    private final ByteBuffer[] inputs;
    private ByteBuffer output;

    CallBuffers(int inputCount) {
        this.inputs = new ByteBuffer[inputCount];
    }

    /** A native-order buffer of exactly {@code bytes} bytes (position 0) for input {@code index}. */
    ByteBuffer input(int index, long bytes) {
        inputs[index] = fit(inputs[index], bytes);
        return view(inputs[index], bytes);
    }

    /** A native-order buffer of exactly {@code bytes} bytes (position 0) for the in-place output. */
    ByteBuffer output(long bytes) {
        output = fit(output, bytes);
        return view(output, bytes);
    }

    /** Bytes held, for tests and diagnostics. */
    long capacity() {
        long n = output == null ? 0 : output.capacity();
        for (ByteBuffer b : inputs) {
            n += b == null ? 0 : b.capacity();
        }
        return n;
    }

    private static ByteBuffer fit(ByteBuffer b, long bytes) {
        if (b != null && b.capacity() >= bytes) {
            return b;
        }
        long old = b == null ? 0 : b.capacity();
        // Grow by at least half, so inputs of slowly rising length do not reallocate every call.
        long size = Math.min(Integer.MAX_VALUE - 8, Math.max(bytes, old + old / 2));
        return ByteBuffer.allocateDirect(Math.toIntExact(Math.max(64, size))).order(ByteOrder.nativeOrder());
    }

    private static ByteBuffer view(ByteBuffer b, long bytes) {
        return b.duplicate().clear().limit(Math.toIntExact(bytes)).slice().order(ByteOrder.nativeOrder());
    }
}
