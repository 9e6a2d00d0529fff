package dev.hubkit.bench.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hubkit.runtime.AutoModel;
import dev.hubkit.runtime.pipeline.FeatureExtractionPipeline;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
        try (AutoModel model = AutoModel.fromPretrained(modelDir.toString());
             OrtSession bare = env.createSession(modelDir.resolve("model.onnx").toString(), new OrtSession.SessionOptions())) {
            Tokenizer tok = model.tokenizer().withPadding(null).withTruncation(Truncation.of(128));
            List<Encoding> enc = sentences.stream().map(s -> tok.encode(s, true)).toList();
            for (int b : BATCHES) {
                FeatureExtractionPipeline p = FeatureExtractionPipeline.create(model, PipelineOptions.defaults().withBatchSize(b));
                List<long[][]> naive = prepare(enc, b, false);
                List<long[][]> sorted = prepare(enc, b, true);
                double lc = rate(n, minSeconds, () -> langchain.embedAll(segments).content().size());
                double ours = rate(n, minSeconds, () -> p.run(sentences).size());
                double naiveRate = rate(n, minSeconds, () -> runBare(env, bare, naive));
                double bareSorted = rate(n, minSeconds, () -> runBare(env, bare, sorted));
                Row r = new Row(b, lc, ours, naiveRate, bareSorted);
                System.out.printf("batch %3d: langchain4j %.1f/s, hubkit %.1f/s (%.2fx), naive ORT %.1f/s, bare sorted ORT %.1f/s, overhead %.1f%%%n",
                        b, lc, ours, ours / lc, naiveRate, bareSorted, r.overheadPercent());
                rows.add(r);
            }
        }
        writeSection(out, n, minSeconds, rows);
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

    /** Sentences per second: repeats {@code job} (after one warm-up) until minSeconds have passed. */
    private static double rate(int n, double minSeconds, IntSupplier job) {
        job.getAsInt();
        long start = System.nanoTime();
        long done = 0;
        do {
            done += job.getAsInt();
        } while (System.nanoTime() - start < minSeconds * 1e9);
        return done / ((System.nanoTime() - start) / 1e9);
    }

    /** {ids, mask, types, shape} per micro-batch; sorted = by length as hubkit does, else input order. */
    private static List<long[][]> prepare(List<Encoding> enc, int batch, boolean sorted) {
        Integer[] order = new Integer[enc.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (sorted) {
            Arrays.sort(order, Comparator.comparingInt(i -> enc.get(i).length()));
        }
        List<long[][]> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += batch) {
            int to = Math.min(order.length, from + batch);
            int len = 0;
            for (int k = from; k < to; k++) {
                len = Math.max(len, enc.get(order[k]).length());
            }
            int rows = to - from;
            long[] ids = new long[rows * len];
            long[] mask = new long[rows * len];
            long[] types = new long[rows * len];
            for (int r = 0; r < rows; r++) {
                Encoding e = enc.get(order[from + r]);
                int[] eIds = e.ids();
                for (int t = 0; t < eIds.length; t++) {
                    ids[r * len + t] = eIds[t];
                    mask[r * len + t] = 1;
                }
            }
            out.add(new long[][] {ids, mask, types, {rows, len}});
        }
        return out;
    }

    private static int runBare(OrtEnvironment env, OrtSession session, List<long[][]> batches) {
        int n = 0;
        try {
            for (long[][] b : batches) {
                long[] shape = b[3];
                try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(b[0]), shape);
                     OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(b[1]), shape);
                     OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(b[2]), shape);
                     OrtSession.Result r = session.run(Map.of("input_ids", ids, "attention_mask", mask,
                             "token_type_ids", types))) {
                    n += (int) shape[0];
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
        return n;
    }

    private static void writeSection(Path file, int n, double minSeconds, List<Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("## Runtime: sentence embeddings (all-MiniLM-L6-v2 fp32, ONNX Runtime CPU)\n\n");
        sb.append("Written by `bench/run-runtime.sh` (").append(java.time.LocalDate.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append("). ").append(n)
                .append(" mixed-length Europarl sentences (3-60 words, many languages), each measurement repeated for at least ")
                .append(minSeconds).append(" s after a warm-up. Sentences per second, higher is better.\n\n");
        sb.append("- **langchain4j**: `AllMiniLmL6V2EmbeddingModel.embedAll` (its own batching; same for every row).\n");
        sb.append("- **hubkit**: `FeatureExtractionPipeline` (tokenize, length-sorted micro-batches of N, dynamic padding, mean pooling, L2 norm).\n");
        sb.append("- **naive ORT**: bare ONNX Runtime session, batches of N in input order padded to the longest.\n");
        sb.append("- **bare ORT (sorted)**: bare session on the same length-sorted, pre-tokenized micro-batches hubkit builds; "
                + "**overhead** = how much slower hubkit is than this (tokenization and pooling included).\n\n");
        sb.append("| batch | langchain4j | hubkit | hubkit / langchain4j | naive ORT | bare ORT (sorted) | hubkit overhead |\n");
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
