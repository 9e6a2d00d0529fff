package dev.hubkit.bench.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hubkit.runtime.pipeline.Pooling;
import dev.hubkit.runtime.tensor.FloatTensor;
import dev.hubkit.tokenizers.Encoding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * For {@link OverheadProbe} only: bare calls on prepared micro-batches followed by mean pooling and
 * L2 norm, reading {@code last_hidden_state} in one of three ways: mode 1 copies it twice (ONNX
 * Runtime's heap copy, then into a new array: what OnnxBackend did before), mode 2 once (that heap
 * copy's array), mode 3 not at all (a pinned output in a reused per-thread direct buffer).
 */
final class Variants {
    private static final ThreadLocal<FloatBuffer> OUT = ThreadLocal.withInitial(() ->
            ByteBuffer.allocateDirect(512 * 384 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer());

    private Variants() {
    }

    static int run(OrtSession s, List<BareOrt.Batch> batches, List<int[]> plan, List<Encoding> enc, int threads, int mode) {
        return onThreads(threads, batches.size(), b -> one(s, batches.get(b), plan.get(b), enc, mode));
    }

    /**
     * Runs {@code work} on indexes 0 to {@code count - 1}, each once, on the caller plus
     * {@code threads - 1} new threads taking the next index in turn; returns the sum of what it returned.
     */
    static int onThreads(int threads, int count, IntUnaryOperator work) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Runnable loop = () -> {
            int i;
            while ((i = next.getAndIncrement()) < count) {
                done.addAndGet(work.applyAsInt(i));
            }
        };
        List<Thread> helpers = new ArrayList<>();
        for (int t = 1; t < threads; t++) {
            Thread h = new Thread(loop);
            h.start();
            helpers.add(h);
        }
        loop.run();
        try {
            for (Thread h : helpers) {
                h.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return done.get();
    }

    /** Mean-pools and L2-normalises the rows {@code idx} of a batch's {@code last_hidden_state}; returns how many. */
    static int poolRows(FloatTensor h, int[] idx, List<Encoding> enc) {
        int seq = h.dim(1);
        int hidden = h.dim(2);
        for (int r = 0; r < idx.length; r++) {
            Encoding e = enc.get(idx[r]);
            Pooling.l2Normalize(Pooling.MEAN.pool(h.data(), r * seq * hidden, e.length(), e.attentionMask(), hidden));
        }
        return idx.length;
    }

    /** Like {@link #poolRows(FloatTensor, int[], List)} on an output read in place ({@code [rows, seq, hidden]}). */
    static int poolRows(FloatBuffer h, long[] shape, int[] idx, List<Encoding> enc) {
        int seq = (int) shape[1];
        int hidden = (int) shape[2];
        for (int r = 0; r < idx.length; r++) {
            Encoding e = enc.get(idx[r]);
            Pooling.l2Normalize(Pooling.MEAN.pool(h, r * seq * hidden, e.length(), e.attentionMask(), hidden));
        }
        return idx.length;
    }

    private static int one(OrtSession session, BareOrt.Batch b, int[] idx, List<Encoding> enc, int mode) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = b.shape();
        int hidden = 384;
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(b.ids()), shape);
             OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(b.mask()), shape);
             OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(b.types()), shape)) {
            Map<String, OnnxTensor> in = Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types);
            if (mode == 3) {
                int n = b.rows() * b.len() * hidden;
                FloatBuffer out = OUT.get();
                if (out.capacity() < n) {
                    out = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                    OUT.set(out);
                }
                FloatBuffer view = out.duplicate();
                view.clear().limit(n);
                try (OnnxTensor pinned = OnnxTensor.createTensor(env, view, new long[] {b.rows(), b.len(), hidden});
                     OrtSession.Result r = session.run(in, Map.of("last_hidden_state", pinned))) {
                    for (int row = 0; row < idx.length; row++) {
                        Encoding e = enc.get(idx[row]);
                        Pooling.l2Normalize(poolMean(view, row * b.len() * hidden, e.length(), hidden));
                    }
                }
                return idx.length;
            }
            try (OrtSession.Result r = session.run(in, Set.of("last_hidden_state"))) {
                OnnxTensor t = (OnnxTensor) r.get(0);
                FloatBuffer fb = t.getFloatBuffer();
                float[] d;
                if (mode == 1) {
                    d = new float[fb.remaining()];
                    fb.get(d);
                } else {
                    d = fb.array();
                }
                for (int row = 0; row < idx.length; row++) {
                    Encoding e = enc.get(idx[row]);
                    Pooling.l2Normalize(Pooling.MEAN.pool(d, row * b.len() * hidden, e.length(), e.attentionMask(), hidden));
                }
                return idx.length;
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] poolMean(FloatBuffer d, int offset, int length, int hidden) {
        double[] sum = new double[hidden];
        for (int t = 0; t < length; t++) {
            int base = offset + t * hidden;
            for (int h = 0; h < hidden; h++) {
                sum[h] += d.get(base + h);
            }
        }
        float[] out = new float[hidden];
        for (int h = 0; h < hidden; h++) {
            out[h] = (float) (sum[h] / length);
        }
        return out;
    }
}
