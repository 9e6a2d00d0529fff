package dev.hubkit.bench.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hubkit.runtime.AutoModel;
import dev.hubkit.runtime.pipeline.FeatureExtractionPipeline;
import dev.hubkit.runtime.pipeline.MicroBatches;
import dev.hubkit.runtime.pipeline.PipelineOptions;
import dev.hubkit.tokenizers.Encoding;
import dev.hubkit.tokenizers.Tokenizer;
import dev.hubkit.tokenizers.Truncation;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Sentence-embedding throughput on all-MiniLM-L6-v2 (fp32, from langchain4j's jar) for batch sizes
 * 1, 8, 32, 128: hubkit's pipeline vs langchain4j's in-process model vs a naive padded ONNX Runtime
 * batch (input order, padded to the longest), plus hubkit's overhead over bare session calls on the
 * same prepared (length-sorted, padded) inputs. Rewrites the runtime section of BENCHMARKS.md.
 *
 * <p>Usage: {@code EmbeddingBench --work DIR --out BENCHMARKS.md [--sentences N] [--min-seconds S]}
 */
public final class EmbeddingBench {
    private static final int[] BATCHES = {1, 8, 32, 128};
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bare-ort");
        t.setDaemon(true);
        return t;
    });

    private EmbeddingBench() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Path work = Path.of(arg(args, "--work", "bench/target-bench/runtime-work"));
        Path out = Path.of(arg(args, "--out", "BENCHMARKS.md"));
        int n = Integer.parseInt(arg(args, "--sentences", "256"));
        double minSeconds = Double.parseDouble(arg(args, "--min-seconds", "3"));

        Path modelDir = MiniLmFolder.create(work.resolve("all-minilm-l6-v2"));
        List<String> sentences = MiniLmFolder.europarlSentences(n);
        List<TextSegment> segments = sentences.stream().map(TextSegment::from).toList();
        AllMiniLmL6V2EmbeddingModel langchain = new AllMiniLmL6V2EmbeddingModel();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<Row> rows = new ArrayList<>();
        int parallelism;
        try (AutoModel model = AutoModel.fromPretrained(modelDir.toString());
             OrtSession naiveSession = env.createSession(modelDir.resolve("model.onnx").toString(), new OrtSession.SessionOptions());
             OrtSession.SessionOptions sameOptions = hubkitLikeOptions();
             OrtSession bare = env.createSession(modelDir.resolve("model.onnx").toString(), sameOptions)) {
            parallelism = model.backend().parallelism();
            Tokenizer tok = model.tokenizer().withPadding(null).withTruncation(Truncation.of(128));
            List<Encoding> enc = sentences.stream().map(s -> tok.encode(s, true)).toList();
            int[] lengths = enc.stream().mapToInt(Encoding::length).toArray();
            for (int b : BATCHES) {
                FeatureExtractionPipeline p = FeatureExtractionPipeline.create(model, PipelineOptions.defaults().withBatchSize(b));
                List<long[][]> naive = prepare(enc, naiveBatches(enc.size(), b));
                List<long[][]> sorted = prepare(enc, MicroBatches.schedule(lengths, b, PipelineOptions.CPU_TOKEN_BUDGET, parallelism));
                // Interleaved rounds, best round kept: load from other processes hits every column alike.
                double[] best = interleaved(n, minSeconds, List.of(
                        () -> langchain.embedAll(segments).content().size(),
                        () -> p.run(sentences).size(),
                        () -> runBare(env, naiveSession, naive, 1),
                        () -> runBare(env, bare, sorted, parallelism)));
                double lc = best[0];
                double ours = best[1];
                double naiveRate = best[2];
                double bareSorted = best[3];
                Row r = new Row(b, lc, ours, naiveRate, bareSorted);
                System.out.printf("batch %3d: langchain4j %.1f/s, hubkit %.1f/s (%.2fx), naive ORT %.1f/s, bare sorted ORT %.1f/s, overhead %.1f%%%n",
                        b, lc, ours, ours / lc, naiveRate, bareSorted, r.overheadPercent());
                rows.add(r);
            }
        }
        writeSection(out, n, minSeconds, parallelism, rows);
    }

    /** Session options as hubkit's OnnxBackend sets them in its default (throughput) mode on CPU. */
    private static OrtSession.SessionOptions hubkitLikeOptions() throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        so.setIntraOpNumThreads(1);
        so.setInterOpNumThreads(1);
        so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        return so;
    }

    /** Batches of {@code b} in input order. */
    private static List<int[]> naiveBatches(int n, int b) {
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < n; from += b) {
            int[] idx = new int[Math.min(n, from + b) - from];
            for (int k = 0; k < idx.length; k++) {
                idx[k] = from + k;
            }
            out.add(idx);
        }
        return out;
    }

    record Row(int batch, double langchain, double hubkit, double naive, double bareSorted) {
        double overheadPercent() {
            return (bareSorted / hubkit - 1) * 100;
        }
    }

    private static String arg(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }

    private static final int ROUNDS = 3;

    /**
     * Sentences per second of each job: after one warm-up each, {@link #ROUNDS} rounds run every job
     * in turn for {@code minSeconds / ROUNDS}; each job's best round counts.
     */
    private static double[] interleaved(int n, double minSeconds, List<IntSupplier> jobs) {
        double[] best = new double[jobs.size()];
        for (IntSupplier j : jobs) {
            j.getAsInt();
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (int k = 0; k < jobs.size(); k++) {
                best[k] = Math.max(best[k], rate(n, minSeconds / ROUNDS, jobs.get(k), false));
            }
        }
        return best;
    }

    /** Sentences per second: repeats {@code job} (after an optional warm-up) until minSeconds have passed. */
    private static double rate(int n, double minSeconds, IntSupplier job, boolean warmUp) {
        if (warmUp) {
            job.getAsInt();
        }
        long start = System.nanoTime();
        long done = 0;
        do {
            done += job.getAsInt();
        } while (System.nanoTime() - start < minSeconds * 1e9);
        return done / ((System.nanoTime() - start) / 1e9);
    }

    /** {ids, mask, types, shape} per micro-batch of the given input indices, padded to the longest. */
    private static List<long[][]> prepare(List<Encoding> enc, List<int[]> batches) {
        List<long[][]> out = new ArrayList<>();
        for (int[] idx : batches) {
            int len = 0;
            for (int i : idx) {
                len = Math.max(len, enc.get(i).length());
            }
            int rows = idx.length;
            long[] ids = new long[rows * len];
            long[] mask = new long[rows * len];
            long[] types = new long[rows * len];
            for (int r = 0; r < rows; r++) {
                int[] eIds = enc.get(idx[r]).ids();
                for (int t = 0; t < eIds.length; t++) {
                    ids[r * len + t] = eIds[t];
                    mask[r * len + t] = 1;
                }
            }
            out.add(new long[][] {ids, mask, types, {rows, len}});
        }
        return out;
    }

    /** Runs the micro-batches on {@code threads} threads taking the next one each (as hubkit's pipeline does). */
    private static int runBare(OrtEnvironment env, OrtSession session, List<long[][]> batches, int threads) {
        if (threads <= 1) {
            int n = 0;
            for (long[][] b : batches) {
                n += runOne(env, session, b);
            }
            return n;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, batches.size()); t++) {
            fs.add(POOL.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < batches.size()) {
                    done.addAndGet(runOne(env, session, batches.get(i)));
                }
            }));
        }
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        return done.get();
    }

    private static int runOne(OrtEnvironment env, OrtSession session, long[][] b) {
        long[] shape = b[3];
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(b[0]), shape);
             OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(b[1]), shape);
             OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(b[2]), shape);
             OrtSession.Result r = session.run(Map.of("input_ids", ids, "attention_mask", mask,
                     "token_type_ids", types), Set.of("last_hidden_state"))) {
            return (int) shape[0];
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeSection(Path file, int n, double minSeconds, int parallelism, List<Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("## Runtime: sentence embeddings (all-MiniLM-L6-v2 fp32, ONNX Runtime CPU)\n\n");
        sb.append("Written by `bench/run-runtime.sh` (").append(java.time.LocalDate.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append("). ").append(n)
                .append(" mixed-length Europarl sentences (3-60 words, many languages), each column measured in " + ROUNDS + " interleaved rounds (best round kept) of at least ")
                .append(minSeconds / ROUNDS).append(" s each after a warm-up. Sentences per second, higher is better.\n\n");
        sb.append("- **langchain4j**: `AllMiniLmL6V2EmbeddingModel.embedAll` (its own batching; same for every row).\n");
        sb.append("- **hubkit**: `FeatureExtractionPipeline` with batch size N (tokenize, sort by length, micro-batches of at most N "
                + "inputs and ").append(PipelineOptions.CPU_TOKEN_BUDGET).append(" padded tokens (lowered so each thread gets about 4), longest first, ").append(parallelism)
                .append(" concurrent single-threaded ONNX Runtime calls, mean pooling, L2 norm).\n");
        sb.append("- **naive ORT**: bare ONNX Runtime session with default options, batches of N in input order padded to the longest.\n");
        sb.append("- **bare ORT (same plan)**: bare session with hubkit's session options on the same pre-tokenized micro-batches, "
                + "run on the same number of threads; **overhead** = how much slower hubkit is than this "
                + "(tokenization, padding, output copy and pooling included).\n\n");
        sb.append("| batch | langchain4j | hubkit | hubkit / langchain4j | naive ORT | bare ORT (same plan) | hubkit overhead |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format("| %d | %.1f | %.1f | %.2fx | %.1f | %.1f | %.1f%% |%n", r.batch(), r.langchain(),
                    r.hubkit(), r.hubkit() / r.langchain(), r.naive(), r.bareSorted(), r.overheadPercent()));
        }
        String start = "<!-- runtime:start -->";
        String end = "<!-- runtime:end -->";
        String section = start + "\n" + sb.toString().strip() + "\n" + end;
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        int s = text.indexOf(start);
        int e = text.indexOf(end);
        String updated = s >= 0 && e > s ? text.substring(0, s) + section + text.substring(e + end.length())
                : text.stripTrailing() + "\n\n" + section + "\n";
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".benchmarks", ".tmp");
        Files.writeString(tmp, updated);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
