package dev.hubkit.bench.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.hubkit.runtime.AutoModel;
import dev.hubkit.runtime.backend.OnnxBackend;
import dev.hubkit.runtime.backend.OnnxCpuFusions;
import dev.hubkit.runtime.backend.OnnxShapeHints;
import dev.hubkit.runtime.pipeline.FeatureExtractionPipeline;
import dev.hubkit.runtime.pipeline.MicroBatches;
import dev.hubkit.runtime.pipeline.Pooling;
import dev.hubkit.runtime.pipeline.PipelineOptions;
import dev.hubkit.runtime.tensor.FloatTensor;
import dev.hubkit.runtime.tensor.LongTensor;
import dev.hubkit.runtime.tensor.NamedTensors;
import dev.hubkit.tokenizers.Encoding;
import dev.hubkit.tokenizers.Tokenizer;
import dev.hubkit.tokenizers.Truncation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Splits hubkit's pipeline overhead over bare ONNX Runtime calls into its parts, at a given batch
 * size: interleaved rounds in one JVM, wall, process-CPU and calling-thread-CPU time per sentence,
 * with medians of per-round ratios to the first job (bare calls on hubkit's own session, same plan).
 * Jobs: bare calls on other sessions of the same graph and options (how much two sessions differ),
 * the pipeline, hubkit's backend calls plus pooling, bare calls plus three ways of reading the output
 * ({@link Variants}), and tokenization and pooling alone. Run it with
 * {@code -XX:ActiveProcessorCount=1} to get one thread (the pipeline then runs on the calling thread,
 * so thread CPU time is its whole cost). Not part of the benchmark report.
 *
 * <p>Usage: {@code OverheadProbe --work DIR [--sentences N] [--batch B] [--rounds R] [--seconds S]
 * [--only REGEX] [--extra SESSIONS]}
 */
public final class OverheadProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private OverheadProbe() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Path work = Path.of(arg(args, "--work", "bench/target-bench/runtime-work"));
        int n = Integer.parseInt(arg(args, "--sentences", "256"));
        int batch = Integer.parseInt(arg(args, "--batch", "1"));
        int rounds = Integer.parseInt(arg(args, "--rounds", "6"));
        double seconds = Double.parseDouble(arg(args, "--seconds", "1.5"));
        String only = arg(args, "--only", "");
        Path modelDir = MiniLmFolder.create(work.resolve("all-minilm-l6-v2"));
        List<String> sentences = MiniLmFolder.europarlSentences(n);
        Path onnx = modelDir.resolve("model.onnx");
        Path hinted = work.resolve("model-hinted.onnx");
        OnnxShapeHints.writeHinted(onnx, hinted);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<OrtSession> extra = new ArrayList<>();
        try (AutoModel model = AutoModel.fromPretrained(modelDir.toString());
             OrtSession.SessionOptions so = options();
             OrtSession other = env.createSession(hinted.toString(), so)) {
            int par = model.backend().parallelism();
            OrtSession bare = ((OnnxBackend) model.backend()).session();
            FeatureExtractionPipeline p = FeatureExtractionPipeline.create(model, PipelineOptions.defaults().withBatchSize(batch));
            Tokenizer tok = model.tokenizer().withPadding(null).withTruncation(Truncation.of(p.maxLength()));
            List<Encoding> enc = sentences.stream().map(s -> tok.encode(s, true)).toList();
            int[] lengths = enc.stream().mapToInt(Encoding::length).toArray();
            List<int[]> plan = MicroBatches.schedule(lengths, batch, PipelineOptions.CPU_TOKEN_BUDGET, par);
            List<BareOrt.Batch> sorted = BareOrt.prepare(enc, plan);
            List<NamedTensors> prepared = new ArrayList<>();
            for (BareOrt.Batch b : sorted) {
                Map<String, LongTensor> in = new LinkedHashMap<>();
                in.put("input_ids", LongTensor.of(b.ids(), b.rows(), b.len()));
                in.put("attention_mask", LongTensor.of(b.mask(), b.rows(), b.len()));
                in.put("token_type_ids", LongTensor.of(b.types(), b.rows(), b.len()));
                prepared.add(NamedTensors.of(in));
            }
            Set<String> lhs = Set.of("last_hidden_state");
            List<NamedTensors> outs = new ArrayList<>();
            for (NamedTensors in : prepared) {
                outs.add(model.backend().run(in, lhs));
            }
            Map<String, IntSupplier> jobs = new LinkedHashMap<>();
            jobs.put("bare ORT same plan, " + par + " threads", () -> BareOrt.run(bare, sorted, par));
            jobs.put("bare ORT, another session", () -> BareOrt.run(other, sorted, par));
            jobs.put("V1 ORT + 2 copies + pool", () -> Variants.run(bare, sorted, plan, enc, par, 1));
            for (int x = 0; x < Integer.parseInt(arg(args, "--extra", "0")); x++) {
                OrtSession es = env.createSession(hinted.toString(), so);
                extra.add(es);
                jobs.put("bare ORT, extra session " + x, () -> BareOrt.run(es, sorted, par));
            }
            jobs.put("V2 ORT + 1 copy + pool", () -> Variants.run(bare, sorted, plan, enc, par, 2));
            jobs.put("V3 ORT pinned out + pool", () -> Variants.run(bare, sorted, plan, enc, par, 3));
            jobs.put("pipeline.run, " + par + " threads", () -> p.run(sentences).size());
            jobs.put("backend.run+pool, " + par + " threads", () -> Variants.onThreads(par, prepared.size(),
                    b -> Variants.poolRows((FloatTensor) model.backend().run(prepared.get(b), lhs).get(0), plan.get(b), enc)));
            jobs.put("backend.runReading+pool, " + par + " threads", () -> Variants.onThreads(par, prepared.size(),
                    b -> model.backend().runReading(prepared.get(b), "last_hidden_state",
                            (h, shape) -> Variants.poolRows(h, shape, plan.get(b), enc))));
            jobs.put("1t: tokenize", () -> {
                int k = 0;
                for (String s : sentences) {
                    k += tok.encode(s, true).length() > 0 ? 1 : 0;
                }
                return k;
            });
            jobs.put("1t: pool+normalize", () -> {
                int k = 0;
                for (int b = 0; b < outs.size(); b++) {
                    k += Variants.poolRows((FloatTensor) outs.get(b).get(0), plan.get(b), enc);
                }
                return k;
            });
            if (!only.isEmpty()) {
                jobs.keySet().removeIf(k -> !k.matches(only));
            }
            List<String> names = new ArrayList<>(jobs.keySet());
            List<List<double[]>> all = new ArrayList<>();
            for (IntSupplier j : jobs.values()) {
                all.add(new ArrayList<>());
                for (int w = 0; w < 3; w++) {
                    j.getAsInt();
                }
            }
            List<IntSupplier> js = new ArrayList<>(jobs.values());
            for (int r = 0; r < rounds; r++) {
                // odd rounds run the jobs in reverse order, so that a job's place in the round does not bias it
                for (int step = 0; step < js.size(); step++) {
                    int k = r % 2 == 1 ? js.size() - 1 - step : step;
                    IntSupplier j = js.get(k);
                    double[] m = once(j, seconds);
                    System.out.printf("round %d %-40s %7.1f/s  wall %.3f ms/s  proc CPU %.3f ms/s  thread CPU %.3f ms/s  GC %.3f ms/s%n",
                            r, names.get(k), m[0], 1e3 / m[0], m[1] * 1e3, m[2] * 1e3, m[3] * 1e3);
                    all.get(k).add(m);
                }
            }
            System.out.println("medians over rounds (wall ms/sentence, process CPU ms/sentence, thread CPU, GC) and paired ratio to the first job (median of per-round ratios):");
            for (int k = 0; k < names.size(); k++) {
                final int kk = k;
                double wall = median(all.get(k), m -> 1 / m[0]);
                double cpu = median(all.get(k), m -> m[1]);
                double tc = median(all.get(k), m -> m[2]);
                double gc = median(all.get(k), m -> m[3]);
                List<double[]> ratios = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    ratios.add(new double[] {all.get(0).get(r)[0] / all.get(kk).get(r)[0], all.get(kk).get(r)[1] / all.get(0).get(r)[1], all.get(kk).get(r)[2] / all.get(0).get(r)[2]});
                }
                System.out.printf("%-40s wall %.3f  CPU %.3f  thread CPU %.3f  GC %.4f ms/s | vs first: wall x%.4f CPU x%.4f thread CPU x%.4f%n",
                        names.get(k), wall * 1e3, cpu * 1e3, tc * 1e3, gc * 1e3, median(ratios, m -> m[0]), median(ratios, m -> m[1]), median(ratios, m -> m[2]));
            }
        } finally {
            for (OrtSession es : extra) {
                es.close();
            }
        }
    }

    private static double[] once(IntSupplier job, double seconds) {
        long cpu0 = OS.getProcessCpuTime();
        long t0 = THREADS.getCurrentThreadCpuTime();
        long gc0 = gcMillis();
        long start = System.nanoTime();
        long done = 0;
        do {
            done += job.getAsInt();
        } while (System.nanoTime() - start < seconds * 1e9);
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (OS.getProcessCpuTime() - cpu0) / 1e9;
        double tcpu = (THREADS.getCurrentThreadCpuTime() - t0) / 1e9;
        double gc = (gcMillis() - gc0) / 1e3;
        return new double[] {done / wall, cpu / done, tcpu / done, gc / done};
    }

    private static long gcMillis() {
        long t = 0;
        for (java.lang.management.GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, g.getCollectionTime());
        }
        return t;
    }

    private static double median(List<double[]> xs, java.util.function.ToDoubleFunction<double[]> f) {
        double[] v = xs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static OrtSession.SessionOptions options() throws Exception {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        so.setIntraOpNumThreads(1);
        so.setInterOpNumThreads(1);
        so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        OnnxCpuFusions.apply(so);
        return so;
    }

    private static String arg(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }
}
