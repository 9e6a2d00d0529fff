package dev.hubkit.bench.tf;

import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.mapping.MappedTensors;
import dev.hubkit.converters.mapping.NameMapping;
import dev.hubkit.converters.mapping.TfConversions;
import dev.hubkit.converters.safetensors.SafetensorsReader;
import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.converters.tensorflow.TfCheckpointReader;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TF checkpoint benchmark driver, run by {@code bench/run-tf.sh} (which measures wall time and peak RSS):
 * <pre>
 *   TfBench generate FILE.safetensors SIZE_MB   # a BERT-shaped F32 state dict (hidden 1024, as many layers as fit)
 *   TfBench to-tf SRC.safetensors PREFIX         # PyTorch names -> TF checkpoint (dense kernels transposed)
 *   TfBench to-pt PREFIX DST.safetensors         # and back
 * </pre>
 */
public final class TfBench {
    private static final int H = 1024;
    private static final int I = 4096;
    private static final int VOCAB = 30522;

    private TfBench() {
    }

    public static void main(String[] args) throws IOException {
        long start = System.nanoTime();
        if (args.length == 3 && args[0].equals("generate")) {
            generate(Path.of(args[1]), Long.parseLong(args[2]) << 20);
            return;
        } else if (args.length == 3 && args[0].equals("to-tf")) {
            toTf(Path.of(args[1]), Path.of(args[2]));
        } else if (args.length == 3 && args[0].equals("to-pt")) {
            toPt(Path.of(args[1]), Path.of(args[2]));
        } else if (args.length == 4 && args[0].equals("warm")) {
            warm(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
            return;
        } else {
            System.err.println("usage: TfBench generate FILE SIZE_MB | to-tf SRC PREFIX | to-pt PREFIX DST"
                    + " | warm SRC WORKDIR ROUNDS");
            System.exit(2);
        }
        System.out.printf(Locale.ROOT, "%s in %.3f s, peak RSS %s%n", args[0], (System.nanoTime() - start) / 1e9,
                peakRss());
    }

    private static void toTf(Path src, Path prefix) throws IOException {
        try (SafetensorsReader pt = SafetensorsReader.open(src)) {
            TfConversions.writeTfCheckpoint(pt, prefix, TfConversions.mapping(pt, "bert", false));
        }
    }

    private static void toPt(Path prefix, Path dst) throws IOException {
        toPt(prefix, dst, false);
    }

    /**
     * {@code streamed}: every tensor is handed to the writer behind a plain {@link Streamed} wrapper, so the
     * writer cannot see a transposed kernel and streams its chunks (in order, through the writer thread)
     * instead of having the transpose bands written where they go by every thread: the A/B baseline.
     */
    private static void toPt(Path prefix, Path dst, boolean streamed) throws IOException {
        try (TfCheckpointReader tf = TfCheckpointReader.open(prefix)) {
            List<TensorData> mapped = TfConversions.toPytorch(tf, TfConversions.mapping(tf, "bert", false));
            if (streamed) {
                mapped = mapped.stream().<TensorData>map(Streamed::new).toList();
            }
            try (SafetensorsWriter w = SafetensorsWriter.create(dst, MappedTensors.plan(mapped), Map.of())) {
                for (TensorData d : mapped) {
                    w.write(d);
                }
                w.finish();
            }
        }
    }

    /** Hides what a tensor is from a writer: only its info and its in-order stream. */
    private record Streamed(TensorData source) implements TensorData {
        @Override
        public TensorInfo info() {
            return source.info();
        }

        @Override
        public void read(ChunkSink sink) throws IOException {
            source.read(sink);
        }

        @Override
        public ByteBuffer buffer() throws IOException {
            return source.buffer();
        }
    }

    /**
     * The same two conversions repeated in this JVM (JMH-style: no JVM start, class loading or JIT
     * warm-up in the later rounds): prints one line per round and direction, {@code warm DIRECTION WALL_S
     * CPU_S}, wall time and this process's CPU time (all threads); the script reports the median of the
     * second half of the rounds. Outputs are deleted between rounds and written back to disk before each
     * timed step ({@code sync}, untimed), as in the cold runs.
     */
    private static void warm(Path src, Path dir, int rounds) throws IOException {
        Files.createDirectories(dir);
        Path prefix = dir.resolve("warm-ckpt");
        Path back = dir.resolve("warm-back.safetensors");
        // -Dtfbench.ab=true: to-tf rounds alternate with to-tf-ordered (hubkit.transpose.positionalWrites=false),
        // to-pt rounds with to-pt-streamed (the writer streams each kernel through its writer thread)
        boolean ab = Boolean.getBoolean("tfbench.ab");
        for (int r = 0; r < rounds; r++) {
            deleteOutputs(dir, prefix, back);
            if (ab) {
                System.setProperty("hubkit.transpose.positionalWrites", "false");
                timed("to-tf-ordered", () -> toTf(src, prefix));
                System.clearProperty("hubkit.transpose.positionalWrites");
                deleteOutputs(dir, prefix, back);
            }
            timed("to-tf", () -> toTf(src, prefix));
            Files.deleteIfExists(back);
            if (ab) {
                timed("to-pt-streamed", () -> toPt(prefix, back, true));
                Files.deleteIfExists(back);
            }
            timed("to-pt", () -> toPt(prefix, back));
        }
        deleteOutputs(dir, prefix, back);
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void timed(String name, Step step) throws IOException {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        dev.hubkit.bench.Writeback.settle();
        long cpu0 = os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : -1;
        long t0 = System.nanoTime();
        step.run();
        long wall = System.nanoTime() - t0;
        long cpu = os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() - cpu0 : -1;
        System.out.printf(Locale.ROOT, "warm %s %.4f %.4f%n", name, wall / 1e9, cpu / 1e9);
    }

    private static void deleteOutputs(Path dir, Path prefix, Path back) throws IOException {
        Files.deleteIfExists(back);
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith(prefix.getFileName() + "."))
                    .toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** VmHWM of this process (Linux), for runs without /usr/bin/time. */
    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring("VmHWM:".length()).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }

    private static void generate(Path file, long bytes) throws IOException {
        List<TensorInfo> plan = new ArrayList<>();
        plan.add(new TensorInfo("bert.embeddings.word_embeddings.weight", DType.F32, new long[] {VOCAB, H}));
        plan.add(new TensorInfo("bert.embeddings.position_embeddings.weight", DType.F32, new long[] {512, H}));
        plan.add(new TensorInfo("bert.embeddings.LayerNorm.weight", DType.F32, new long[] {H}));
        long used = (long) (VOCAB + 512 + 1) * H * 4;
        long perLayer = (4L * H * H + 2L * H * I) * 4;
        for (int l = 0; used + perLayer <= bytes; l++, used += perLayer) {
            String p = "bert.encoder.layer." + l + ".";
            for (String m : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                    "attention.output.dense")) {
                plan.add(new TensorInfo(p + m + ".weight", DType.F32, new long[] {H, H}));
            }
            plan.add(new TensorInfo(p + "intermediate.dense.weight", DType.F32, new long[] {I, H}));
            plan.add(new TensorInfo(p + "output.dense.weight", DType.F32, new long[] {H, I}));
        }
        try (SafetensorsWriter w = SafetensorsWriter.create(file, plan, Map.of())) {
            for (TensorInfo t : plan) {
                ByteBuffer b = ByteBuffer.allocate((int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < b.capacity() / 4; i++) {
                    b.putFloat(i * 4, (i % 1000) * 0.001f);
                }
                w.write(new dev.hubkit.converters.HeapData(t, b));
            }
            w.finish();
        }
        System.out.printf(Locale.ROOT, "generated %s: %d tensors, %d bytes%n", file, plan.size(), Files.size(file));
    }
}
