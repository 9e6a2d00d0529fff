package dev.hubkit.bench.runtime;

import ai.onnxruntime.OrtSession;
import dev.hubkit.runtime.AutoModel;
import dev.hubkit.runtime.backend.OnnxBackend;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cost of one single-threaded ONNX Runtime call on hubkit's session for padding-free batches of
 * {@code rows x len} tokens, as calling-thread CPU time (load from other processes hardly moves
 * it): the data behind the micro-batch planner's cost model ({@code MicroBatches}). Interleaved
 * rounds, median per shape. Not part of the benchmark report.
 *
 * <p>Usage: {@code ShapeProbe --work DIR [--rounds R] [--seconds S] [--rows 1,2,4] [--lens 8,16]}
 */
public final class ShapeProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ShapeProbe() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Path work = Path.of(arg(args, "--work", "bench/target-bench/runtime-work"));
        int rounds = Integer.parseInt(arg(args, "--rounds", "3"));
        double seconds = Double.parseDouble(arg(args, "--seconds", "0.3"));
        int[] rows = ints(arg(args, "--rows", "1,2,4,8,16,32"));
        int[] lens = ints(arg(args, "--lens", "8,16,32,48,64,96,128"));
        Path modelDir = MiniLmFolder.create(work.resolve("all-minilm-l6-v2"));
        try (AutoModel model = AutoModel.fromPretrained(modelDir.toString())) {
            OrtSession s = ((OnnxBackend) model.backend()).session();
            List<int[]> shapes = new ArrayList<>();
            List<List<BareOrt.Batch>> sets = new ArrayList<>();
            for (int r : rows) {
                for (int l : lens) {
                    shapes.add(new int[] {r, l});
                    sets.add(BareOrt.uniform(r, l, 2));
                }
            }
            double[][] us = new double[shapes.size()][rounds];
            for (List<BareOrt.Batch> set : sets) {
                for (int w = 0; w < 3; w++) {
                    BareOrt.run(s, set, 1);
                }
            }
            for (int round = 0; round < rounds; round++) {
                for (int step = 0; step < shapes.size(); step++) {
                    int k = round % 2 == 1 ? shapes.size() - 1 - step : step;
                    long t0 = THREADS.getCurrentThreadCpuTime();
                    long w0 = System.nanoTime();
                    int calls = 0;
                    do {
                        calls += BareOrt.run(s, sets.get(k), 1) / shapes.get(k)[0];
                    } while (System.nanoTime() - w0 < seconds * 1e9);
                    us[k][round] = (THREADS.getCurrentThreadCpuTime() - t0) / 1e3 / calls;
                }
            }
            System.out.println("rows len tokens us/call(thread CPU, median) ns/token");
            for (int k = 0; k < shapes.size(); k++) {
                double[] v = us[k].clone();
                java.util.Arrays.sort(v);
                double med = v[v.length / 2];
                int tokens = shapes.get(k)[0] * shapes.get(k)[1];
                System.out.printf("%4d %4d %6d %10.1f %8.1f%n", shapes.get(k)[0], shapes.get(k)[1], tokens, med, med * 1e3 / tokens);
            }
        }
    }

    private static int[] ints(String s) {
        return java.util.Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
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
