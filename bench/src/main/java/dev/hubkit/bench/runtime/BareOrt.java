package dev.hubkit.bench.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hubkit.tokenizers.Encoding;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bare ONNX Runtime calls on prepared (tokenized, padded) micro-batches: the reference that
 * hubkit's pipeline overhead and the throughput ceiling are measured against. Each call wraps the
 * heap inputs as ONNX Runtime tensors and asks for {@code last_hidden_state}; the output is not
 * even read, so everything hubkit does around the call (tokenizing, padding, copying the output,
 * pooling) counts as its overhead.
 */
final class BareOrt {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bare-ort");
        t.setDaemon(true);
        return t;
    });

    /** One padded micro-batch: ids, mask and type ids, row-major {@code [rows, len]}. */
    record Batch(long[] ids, long[] mask, long[] types, int rows, int len) {
        long[] shape() {
            return new long[] {rows, len};
        }
    }

    private BareOrt() {
    }

    /** Micro-batches of the given input indices, each padded to its longest input (pad id 0). */
    static List<Batch> prepare(List<Encoding> enc, List<int[]> plan) {
        List<Batch> out = new ArrayList<>();
        for (int[] idx : plan) {
            int len = 0;
            for (int i : idx) {
                len = Math.max(len, enc.get(i).length());
            }
            int rows = idx.length;
            long[] ids = new long[rows * len];
            long[] mask = new long[rows * len];
            for (int r = 0; r < rows; r++) {
                int[] e = enc.get(idx[r]).ids();
                for (int t = 0; t < e.length; t++) {
                    ids[r * len + t] = e[t];
                    mask[r * len + t] = 1;
                }
            }
            out.add(new Batch(ids, mask, new long[rows * len], rows, len));
        }
        return out;
    }

    /** {@code count} padding-free batches of {@code rows} distinct sequences of exactly {@code len} real tokens. */
    static List<Batch> uniform(int rows, int len, int count) {
        List<Batch> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            long[] ids = new long[rows * len];
            long[] mask = new long[rows * len];
            for (int i = 0; i < ids.length; i++) {
                // Ordinary word-piece ids (1000..20999) in a scrambled order; first and last as [CLS]/[SEP].
                int t = i % len;
                ids[i] = t == 0 ? 101 : t == len - 1 ? 102 : 1000 + (i * 7919L + c * 104729L) % 20000;
                mask[i] = 1;
            }
            out.add(new Batch(ids, mask, new long[ids.length], rows, len));
        }
        return out;
    }

    /** Padded tokens (rows x len) over all batches. */
    static long paddedTokens(List<Batch> batches) {
        long n = 0;
        for (Batch b : batches) {
            n += (long) b.rows() * b.len();
        }
        return n;
    }

    /** FLOPs ONNX Runtime executes for the batches (padding included). */
    static double flops(List<Batch> batches, ModelFlops mf) {
        double f = 0;
        for (Batch b : batches) {
            f += mf.batch(b.rows(), b.len());
        }
        return f;
    }

    /**
     * Runs every batch once on {@code threads} threads (the caller and {@code threads - 1} pooled
     * helpers), each taking the next batch, as hubkit's pipeline does; returns the number of rows run.
     */
    static int run(OrtSession session, List<Batch> batches, int threads) {
        if (threads <= 1) {
            int n = 0;
            for (Batch b : batches) {
                n += runOne(session, b);
            }
            return n;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Runnable loop = () -> {
            int i;
            while ((i = next.getAndIncrement()) < batches.size()) {
                done.addAndGet(runOne(session, batches.get(i)));
            }
        };
        // The caller plus pooled helpers, as hubkit's pipeline runs its micro-batches.
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 1; t < Math.min(threads, batches.size()); t++) {
            fs.add(POOL.submit(loop));
        }
        loop.run();
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return done.get();
    }

    private static int runOne(OrtSession session, Batch b) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = b.shape();
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(b.ids()), shape);
             OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(b.mask()), shape);
             OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(b.types()), shape);
             OrtSession.Result r = session.run(Map.of("input_ids", ids, "attention_mask", mask,
                     "token_type_ids", types), Set.of("last_hidden_state"))) {
            return r.size() == 1 ? b.rows() : 0;
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
