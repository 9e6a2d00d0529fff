package dev.hubkit.bench.runtime;

import ai.onnxruntime.OrtSession;
import dev.hubkit.runtime.AutoModel;
import dev.hubkit.runtime.backend.OnnxBackend;
import dev.hubkit.runtime.pipeline.FeatureExtractionPipeline;
import dev.hubkit.runtime.pipeline.MicroBatches;
import dev.hubkit.runtime.pipeline.PipelineOptions;
import dev.hubkit.tokenizers.Encoding;
import dev.hubkit.tokenizers.Tokenizer;
import dev.hubkit.tokenizers.Truncation;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A/B of micro-batch plans: bare calls on hubkit's own session, on the pipeline's threads, for the
 * benchmark's sentences cut by the planner ({@link MicroBatches#schedule}) at several token budgets and
 * by the earlier greedy planner (fill each micro-batch until the next input breaks the rows or the
 * budget), interleaved rounds in one JVM, wall and process CPU time per sentence, medians of per-round
 * ratios to the first plan. Not part of the benchmark report.
 *
 * <p>Usage: {@code PlanProbe --work DIR [--batch B] [--budgets 512,768] [--rounds R] [--seconds S]}
 */
public final class PlanProbe {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private PlanProbe() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Path work = Path.of(arg(args, "--work", "bench/target-bench/runtime-work"));
        int n = Integer.parseInt(arg(args, "--sentences", "256"));
        int batch = Integer.parseInt(arg(args, "--batch", "32"));
        int rounds = Integer.parseInt(arg(args, "--rounds", "8"));
        double seconds = Double.parseDouble(arg(args, "--seconds", "1.5"));
        int[] budgets = Arrays.stream(arg(args, "--budgets", "512,768").split(",")).mapToInt(Integer::parseInt).toArray();
        Path modelDir = MiniLmFolder.create(work.resolve("all-minilm-l6-v2"));
        List<String> sentences = MiniLmFolder.europarlSentences(n);
        try (AutoModel model = AutoModel.fromPretrained(modelDir.toString())) {
            int par = model.backend().parallelism();
            OrtSession s = ((OnnxBackend) model.backend()).session();
            int max = FeatureExtractionPipeline.create(model, PipelineOptions.defaults()).maxLength();
            Tokenizer tok = model.tokenizer().withPadding(null).withTruncation(Truncation.of(max));
            List<Encoding> enc = sentences.stream().map(x -> tok.encode(x, true)).toList();
            int[] lengths = enc.stream().mapToInt(Encoding::length).toArray();
            Map<String, List<BareOrt.Batch>> plans = new LinkedHashMap<>();
            plans.put("greedy 512", BareOrt.prepare(enc, greedySchedule(lengths, batch, 512, par)));
            for (int b : budgets) {
                plans.put("planner " + b, BareOrt.prepare(enc, MicroBatches.schedule(lengths, batch, b, par)));
            }
            for (Map.Entry<String, List<BareOrt.Batch>> e : plans.entrySet()) {
                long padded = BareOrt.paddedTokens(e.getValue());
                double cost = 0;
                for (BareOrt.Batch b : e.getValue()) {
                    cost += 16 + (double) b.rows() * b.len() * (1 + b.len() / 2304.0);
                }
                System.out.printf("%-14s %3d calls, %6d padded tokens (%.1f%% padding), estimated cost %.0f%n", e.getKey(),
                        e.getValue().size(), padded, (padded / (double) Arrays.stream(lengths).sum() - 1) * 100, cost);
            }
            List<String> names = new ArrayList<>(plans.keySet());
            List<List<BareOrt.Batch>> sets = new ArrayList<>(plans.values());
            double[][][] m = new double[sets.size()][rounds][];
            for (List<BareOrt.Batch> set : sets) {
                for (int w = 0; w < 3; w++) {
                    BareOrt.run(s, set, par);
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int step = 0; step < sets.size(); step++) {
                    int k = r % 2 == 1 ? sets.size() - 1 - step : step;
                    long cpu0 = OS.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    long done = 0;
                    do {
                        done += BareOrt.run(s, sets.get(k), par);
                    } while (System.nanoTime() - t0 < seconds * 1e9);
                    m[k][r] = new double[] {(System.nanoTime() - t0) / 1e6 / done, (OS.getProcessCpuTime() - cpu0) / 1e6 / done};
                }
            }
            System.out.println("batch " + batch + ": medians (ms per sentence, wall / process CPU), and of per-round ratios to the first plan");
            for (int k = 0; k < sets.size(); k++) {
                final int kk = k;
                System.out.printf("%-14s wall %.3f CPU %.3f | wall x%.4f CPU x%.4f%n", names.get(k),
                        median(m[k], 0), median(m[k], 1), medianRatio(m[kk], m[0], 0), medianRatio(m[kk], m[0], 1));
            }
        }
    }

    /** The planner before cost-based cuts: fill each micro-batch while rows and budget allow; longest first. */
    static List<int[]> greedySchedule(int[] lengths, int maxRows, int tokenBudget, int threads) {
        long total = Arrays.stream(lengths).asLongStream().sum();
        int budget = (int) Math.min(tokenBudget, Math.max(128, total / (4L * threads)));
        int n = lengths.length;
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, Comparator.comparingInt(i -> lengths[i]));
        List<int[]> out = new ArrayList<>();
        int from = 0;
        while (from < n) {
            int to = from + 1;
            while (to < n && to - from < maxRows && (long) (to + 1 - from) * Math.max(1, lengths[boxed[to]]) <= budget) {
                to++;
            }
            int[] b = new int[to - from];
            for (int k = from; k < to; k++) {
                b[k - from] = boxed[k];
            }
            out.add(b);
            from = to;
        }
        Collections.reverse(out);
        return out;
    }

    private static double median(double[][] rounds, int i) {
        double[] v = Arrays.stream(rounds).mapToDouble(x -> x[i]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double medianRatio(double[][] a, double[][] b, int i) {
        double[] v = new double[a.length];
        for (int r = 0; r < a.length; r++) {
            v[r] = a[r][i] / b[r][i];
        }
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
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
