package dev.hubkit.bench.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hubkit.runtime.AutoModel;
import dev.hubkit.runtime.backend.OnnxBackend;
import dev.hubkit.runtime.backend.OnnxCpuFusions;
import dev.hubkit.runtime.backend.OnnxShapeHints;
import dev.hubkit.runtime.pipeline.FeatureExtractionPipeline;
import dev.hubkit.runtime.pipeline.MicroBatches;
import dev.hubkit.runtime.pipeline.PipelineOptions;
import dev.hubkit.tokenizers.Encoding;
import dev.hubkit.tokenizers.Tokenizer;
import dev.hubkit.tokenizers.Truncation;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Sentence-embedding throughput on all-MiniLM-L6-v2 (fp32, from langchain4j's jar) for batch sizes
 * 1, 8, 32, 128: hubkit's pipeline vs langchain4j's in-process model vs a naive padded ONNX Runtime
 * batch (input order, padded to the longest), plus hubkit's overhead over bare session calls on the
 * same prepared (length-sorted, padded) inputs. It also measures the work (real tokens and FLOPs,
 * from the model's ONNX graph) and the fp32 ceiling of ONNX Runtime on this machine (bare calls on
 * padding-free uniform batches), which bounds what any ONNX Runtime pipeline can reach here.
 * Rewrites the runtime section of BENCHMARKS.md.
 *
 * <p>Usage: {@code EmbeddingBench --work DIR --out BENCHMARKS.md [--sentences N] [--min-seconds S]}
 */
public final class EmbeddingBench {
    private static final int[] BATCHES = {1, 8, 32, 128};
    private static final int ROUNDS = 3;
    /**
     * Rounds for the batch-size rows: more than for the ceiling, since hubkit's overhead is the
     * median of per-round paired ratios and a median of 5 pairs is far steadier than of 3.
     */
    private static final int ROW_ROUNDS = 5;
    /** Uniform padding-free shapes (rows x tokens) for the ceiling, run as 2 concurrent single-thread calls. */
    private static final int[][] CEILING_SHAPES = {{8, 32}, {4, 64}, {2, 128}};

    private EmbeddingBench() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Path work = Path.of(arg(args, "--work", "bench/target-bench/runtime-work"));
        Path out = Path.of(arg(args, "--out", "BENCHMARKS.md"));
        int n = Integer.parseInt(arg(args, "--sentences", "256"));
        double minSeconds = Double.parseDouble(arg(args, "--min-seconds", "3"));
        double perRound = minSeconds / ROUNDS;

        Path modelDir = MiniLmFolder.create(work.resolve("all-minilm-l6-v2"));
        List<String> sentences = MiniLmFolder.europarlSentences(n);
        List<TextSegment> segments = sentences.stream().map(TextSegment::from).toList();
        AllMiniLmL6V2EmbeddingModel langchain = new AllMiniLmL6V2EmbeddingModel();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<Row> rows = new ArrayList<>();
        List<Ceiling> ceilings = new ArrayList<>();
        Work workload;
        int parallelism;
        Path onnx = modelDir.resolve("model.onnx");
        // hubkit's OnnxBackend loads the model with shape hints; the ceiling's hinted sessions load the same graph.
        Path hinted = work.resolve("model-hinted.onnx");
        List<OnnxShapeHints.Hint> hints = OnnxShapeHints.writeHinted(onnx, hinted);
        Path sameGraph = hints.isEmpty() ? onnx : hinted;
        System.out.println("shape hints: " + hints);
        try (AutoModel model = AutoModel.fromPretrained(modelDir.toString());
             OrtSession naiveSession = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OrtSession.SessionOptions sameOptions = hubkitLikeOptions(1);
             OrtSession bare = env.createSession(sameGraph.toString(), sameOptions);
             // As exported and as hinted with all of ONNX Runtime's CPU fusions (its defaults, what langchain4j gets).
             OrtSession.SessionOptions stockOptions = stockOptions(1);
             OrtSession original = env.createSession(onnx.toString(), stockOptions);
             OrtSession hintedStock = env.createSession(sameGraph.toString(), stockOptions);
             OrtSession.SessionOptions twoThreadOptions = hubkitLikeOptions(2);
             OrtSession bare2 = env.createSession(sameGraph.toString(), twoThreadOptions)) {
            parallelism = model.backend().parallelism();
            // The bare same-plan reference calls the very session hubkit's pipeline runs (same graph,
            // options and weights in memory): two sessions of one model differed by up to 3-4% per
            // call in one JVM, which a separate session would have counted as hubkit's overhead.
            OrtSession hubkitSession = ((OnnxBackend) model.backend()).session();
            ModelFlops flops = ModelFlops.read(modelDir.resolve("model.onnx"), model.config().hiddenSize());
            int maxLength = FeatureExtractionPipeline.create(model, PipelineOptions.defaults()).maxLength();
            Tokenizer tok = model.tokenizer().withPadding(null).withTruncation(Truncation.of(maxLength));
            List<Encoding> enc = sentences.stream().map(s -> tok.encode(s, true)).toList();
            int[] lengths = enc.stream().mapToInt(Encoding::length).toArray();
            workload = Work.of(lengths, flops, maxLength);
            System.out.println(workload.describe());

            ceilings.addAll(measureCeiling(env, onnx, original, hintedStock, bare, bare2, parallelism, flops, perRound));
            for (Ceiling c : ceilings) {
                System.out.printf("ceiling %-40s %-12s %6.1f GFLOP/s, %6.1f GFLOP per CPU-second%n", c.label(), c.graph(), c.gflops(),
                        c.gflopsPerCpuSecond());
            }
            for (int b : BATCHES) {
                FeatureExtractionPipeline p = FeatureExtractionPipeline.create(model, PipelineOptions.defaults().withBatchSize(b));
                List<BareOrt.Batch> naive = BareOrt.prepare(enc, naiveBatches(enc.size(), b));
                List<BareOrt.Batch> sorted = BareOrt.prepare(enc, MicroBatches.schedule(lengths, b, PipelineOptions.CPU_TOKEN_BUDGET, parallelism));
                Rounds.Result[][] all = Rounds.runAll(List.<IntSupplier>of(
                        () -> langchain.embedAll(segments).content().size(),
                        () -> p.run(sentences).size(),
                        () -> BareOrt.run(naiveSession, naive, 1),
                        () -> BareOrt.run(hubkitSession, sorted, parallelism)), ROW_ROUNDS, perRound);
                Row r = new Row(b, Rounds.best(all[0]), Rounds.best(all[1]), Rounds.best(all[2]).rate(), Rounds.best(all[3]),
                        BareOrt.paddedTokens(sorted), Rounds.pairedExtra(all[1], all[3]) * 100,
                        Rounds.pairedCpuExtra(all[1], all[3]) * 100);
                System.out.printf("batch %3d: langchain4j %.1f/s, hubkit %.1f/s (%.2fx), naive ORT %.1f/s, bare sorted ORT %.1f/s, overhead %.1f%%"
                                + " (CPU %.1f%%; best rounds %.1f%%) | CPU ms/sentence langchain4j %.2f hubkit %.2f bare %.2f%n",
                        b, r.langchain().rate(), r.hubkit().rate(), r.ratio(), r.naive(), r.bare().rate(), r.overheadPercent(),
                        r.cpuOverheadPercent(), (r.bare().rate() / r.hubkit().rate() - 1) * 100,
                        r.langchain().cpuPerItem() * 1e3, r.hubkit().cpuPerItem() * 1e3, r.bare().cpuPerItem() * 1e3);
                rows.add(r);
            }
        }
        new RuntimeSection(n, minSeconds, ROUNDS, ROW_ROUNDS, parallelism, workload, ceilings, rows).writeTo(out);
    }

    /**
     * The ceiling: bare calls on padding-free batches of identical-length sequences, where ONNX
     * Runtime's GEMMs are as efficient as they get, as {@code threads} concurrent single-thread
     * calls (hubkit's plan) for every shape on four graphs: the export as it is, hubkit's
     * shape-hinted copy with ONNX Runtime's default fusions and with hubkit's CPU options
     * ({@link OnnxCpuFusions}), and a session specialised to that shape (batch and sequence
     * dimensions fixed, so ONNX Runtime knows every shape); plus one 2-thread call on the largest shape.
     */
    private static List<Ceiling> measureCeiling(OrtEnvironment env, Path onnx, OrtSession original, OrtSession hintedStock,
                                                OrtSession hinted, OrtSession twoThreads, int threads, ModelFlops flops,
                                                double perRound)
            throws OrtException {
        List<Ceiling> specs = new ArrayList<>();
        List<List<BareOrt.Batch>> sets = new ArrayList<>();
        List<IntSupplier> jobs = new ArrayList<>();
        List<AutoCloseable> open = new ArrayList<>();
        // The model's names for its batch and sequence dimensions (batch_size, sequence_length here).
        String[] dims = ((ai.onnxruntime.TensorInfo) original.getInputInfo().get("input_ids").getInfo()).getDimensionNames();
        try {
            for (int[] s : CEILING_SHAPES) {
                List<BareOrt.Batch> set = BareOrt.uniform(s[0], s[1], Math.max(4, 16384 / (s[0] * s[1])));
                String label = threads + " x 1-thread calls, " + s[0] + " x " + s[1] + " tokens";
                OrtSession.SessionOptions so = hubkitLikeOptions(1);
                open.add(so);
                so.setSymbolicDimensionValue(dims[0], s[0]);
                so.setSymbolicDimensionValue(dims[1], s[1]);
                OrtSession fixed = env.createSession(onnx.toString(), so);
                open.add(fixed);
                for (Graph g : Graph.values()) {
                    OrtSession session = switch (g) {
                        case AS_EXPORTED -> original;
                        case HINTED_ALL_FUSIONS -> hintedStock;
                        case HINTED -> hinted;
                        case SPECIALISED -> fixed;
                    };
                    specs.add(new Ceiling(label, g, 0, 0));
                    sets.add(set);
                    jobs.add(() -> BareOrt.run(session, set, threads));
                }
            }
            List<BareOrt.Batch> big = BareOrt.uniform(8, 128, 8);
            specs.add(new Ceiling("1 x 2-thread call, 8 x 128 tokens", Graph.HINTED, 0, 0));
            sets.add(big);
            jobs.add(() -> BareOrt.run(twoThreads, big, 1));
            Rounds.Result[] res = Rounds.run(jobs, ROUNDS, perRound);
            List<Ceiling> out = new ArrayList<>();
            for (int k = 0; k < jobs.size(); k++) {
                double perRow = flops.sequence(sets.get(k).get(0).len());
                out.add(new Ceiling(specs.get(k).label(), specs.get(k).graph(), res[k].rate() * perRow / 1e9,
                        perRow / res[k].cpuPerItem() / 1e9));
            }
            return out;
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (Exception e) {
                    System.err.println("closing a ceiling session failed: " + e);
                }
            }
        }
    }

    /**
     * Session options as hubkit's OnnxBackend sets them on CPU ({@code intra} = 1 in its default
     * throughput mode), including the ONNX Runtime fusions it leaves out ({@link OnnxCpuFusions}).
     */
    private static OrtSession.SessionOptions hubkitLikeOptions(int intra) throws OrtException {
        OrtSession.SessionOptions so = stockOptions(intra);
        OnnxCpuFusions.apply(so);
        return so;
    }

    /** hubkit's optimisation level and thread settings, with every ONNX Runtime fusion. */
    private static OrtSession.SessionOptions stockOptions(int intra) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        so.setIntraOpNumThreads(intra);
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

    /** Which graph a ceiling measurement ran. */
    enum Graph {
        /** The ONNX file as exported (dynamic shapes). */
        AS_EXPORTED("as exported"),
        /** hubkit's shape-hinted copy with all of ONNX Runtime's CPU fusions (its defaults). */
        HINTED_ALL_FUSIONS("hinted, all ORT fusions"),
        /** hubkit's shape-hinted copy (dynamic shapes) with hubkit's CPU session options: what its OnnxBackend loads. */
        HINTED("hinted"),
        /** The export in a session with batch and sequence dimensions fixed to the batch shape. */
        SPECIALISED("specialised");

        private final String label;

        Graph(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** One ceiling measurement: executed GFLOP per wall second and per process CPU second. */
    record Ceiling(String label, Graph graph, double gflops, double gflopsPerCpuSecond) {
    }

    /**
     * The benchmark's work: real tokens of its sentences (after the pipeline's truncation) and the
     * FLOPs one pass over them needs without padding.
     */
    record Work(int sentences, long tokens, int truncated, int maxLength, double flops, ModelFlops model) {
        static Work of(int[] lengths, ModelFlops mf, int maxLength) {
            long tokens = 0;
            double flops = 0;
            int truncated = 0;
            for (int l : lengths) {
                tokens += l;
                flops += mf.sequence(l);
                truncated += l >= maxLength ? 1 : 0;
            }
            return new Work(lengths.length, tokens, truncated, maxLength, flops, mf);
        }

        double flopsPerSentence() {
            return flops / sentences;
        }

        String describe() {
            return String.format("%d sentences, %d real tokens (mean %.1f, %d at the %d-token limit); %.2f MFLOP per token in %d weight matmuls"
                            + " + %d attention matmuls (2·L²·%d FLOPs each per sequence); %.1f GFLOP per pass, %.3f GFLOP per sentence",
                    sentences, tokens, tokens / (double) sentences, truncated, maxLength, model.linearPerToken() / 1e6,
                    model.weightMatMuls(), model.attentionMatMuls(), model.hidden(), flops / 1e9, flopsPerSentence() / 1e9);
        }
    }

    /**
     * One batch size's results: best rounds, and hubkit's overhead over the bare same-plan calls as
     * the median over rounds of the paired ratio (wall time, and CPU time, per sentence).
     */
    record Row(int batch, Rounds.Result langchain, Rounds.Result hubkit, double naive, Rounds.Result bare, long paddedTokens,
               double overheadPercent, double cpuOverheadPercent) {
        double ratio() {
            return hubkit.rate() / langchain.rate();
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

    static void replaceSection(Path file, String body) throws IOException {
        String start = "<!-- runtime:start -->";
        String end = "<!-- runtime:end -->";
        String section = start + "\n" + body.strip() + "\n" + end;
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
