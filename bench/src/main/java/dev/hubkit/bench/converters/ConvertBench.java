package dev.hubkit.bench.converters;

import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.convert.ConversionResult;
import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.ProgressListener;
import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converter benchmark driver, run by {@code bench/run-converters.sh} (which measures wall time and
 * peak RSS from outside):
 * <pre>
 *   ConvertBench generate FILE.safetensors SIZE_MB [ALIGN]  # a synthetic F32 checkpoint of 64 MiB tensors;
 *                                                     # ALIGN: its data starts at a multiple of ALIGN bytes
 *                                                     # (a metadata note sized for it), else where the header
 *                                                     # padded to 8 bytes ends, as the safetensors library writes
 *   ConvertBench convert SRC DST [f32|f16|bf16]       # one conversion; prints seconds and MB/s
 *   ConvertBench repeat SRC DST [dtype] [WARMUP RUNS]  # the same conversion WARMUP times, then RUNS more
 *                                                     # timed ones in this JVM; prints their median
 *   ConvertBench ab SRC DST [WARMUP ROUNDS]           # the conversion with copied tensors placed like their
 *                                                     # source within a page (hubkit.copy.samePagePlace) and
 *                                                     # without, interleaved in this JVM; medians of wall time,
 *                                                     # this thread's CPU and the process's CPU
 * </pre>
 * The repeated form is the warm figure (JIT-compiled code, classes loaded, helper threads started), as a
 * JMH benchmark would measure it; the output is deleted before every run, so each one writes it anew, and
 * the dirty pages of the run before are written back first ({@code sync}, untimed).
 */
public final class ConvertBench {
    private static final long TENSOR_ELEMENTS = 16L << 20; // 64 MiB of F32

    private ConvertBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 3 && args[0].equals("generate")) {
            generate(Path.of(args[1]), Long.parseLong(args[2]) << 20, args.length > 3 ? Integer.parseInt(args[3]) : 0);
        } else if (args.length >= 3 && args[0].equals("ab")) {
            ab(Path.of(args[1]), Path.of(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 2,
                    args.length > 4 ? Integer.parseInt(args[4]) : 5, args.length > 5 ? Path.of(args[5]) : null);
        } else if (args.length >= 3 && args[0].equals("convert")) {
            DType dtype = args.length > 3 ? ConvertOptions.parseDType(args[3]) : null;
            long start = System.nanoTime();
            ConversionResult r = Converter.convert(Path.of(args[1]), Path.of(args[2]),
                    new ConvertOptions(null, dtype, 0, false), ProgressListener.none());
            double s = (System.nanoTime() - start) / 1e9;
            long in = Files.size(Path.of(args[1]));
            System.out.printf(Locale.ROOT, "converted %d tensors, %d input bytes in %.3f s = %.1f MB/s%n",
                    r.tensors(), in, s, in / 1e6 / s);
        } else if (args.length >= 3 && args[0].equals("repeat")) {
            DType dtype = args.length > 3 && !args[3].equals("-") ? ConvertOptions.parseDType(args[3]) : null;
            int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 3;
            int runs = args.length > 5 ? Integer.parseInt(args[5]) : 5;
            repeat(Path.of(args[1]), Path.of(args[2]), dtype, warmup, runs);
        } else {
            System.err.println("usage: ConvertBench generate FILE SIZE_MB | convert SRC DST [dtype]"
                    + " | repeat SRC DST [dtype|-] [WARMUP RUNS] | ab SRC DST [WARMUP ROUNDS [PLAIN_SRC]]");
            System.exit(2);
        }
    }

    private static void repeat(Path src, Path dst, DType dtype, int warmup, int runs) throws IOException {
        long in = Files.size(src);
        ConvertOptions options = new ConvertOptions(null, dtype, 0, false);
        double[] timed = new double[runs];
        for (int i = 0; i < warmup + runs; i++) {
            Files.deleteIfExists(dst);
            dev.hubkit.bench.Writeback.settle();
            long start = System.nanoTime();
            Converter.convert(src, dst, options, ProgressListener.none());
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s %d: %.3f s = %.1f MB/s%n", i < warmup ? "warm-up" : "run", i + 1, s,
                    in / 1e6 / s);
            if (i >= warmup) {
                timed[i - warmup] = s;
            }
        }
        Files.deleteIfExists(dst);
        Arrays.sort(timed);
        double median = runs % 2 == 1 ? timed[runs / 2] : (timed[runs / 2 - 1] + timed[runs / 2]) / 2;
        System.out.printf(Locale.ROOT, "warm median of %d runs after %d warm-up: %.3f s = %.1f MB/s%n", runs, warmup,
                median, in / 1e6 / median);
    }

    /**
     * The conversion with {@code hubkit.copy.samePagePlace} true and false, taking turns (which goes first
     * alternates by round), after WARMUP rounds; prints the medians of wall seconds, this thread's CPU
     * seconds and the process's CPU seconds of each. With {@code plainSrc}, the plain variant converts that
     * file instead of {@code src}: the same checkpoint as written with the plain layout (for a conversion
     * back from a file hubkit wrote, whose layout already decides where its tensors can go).
     */
    private static void ab(Path src, Path dst, int warmup, int rounds, Path plainSrc) throws IOException {
        ConvertOptions options = new ConvertOptions(null, null, 0, false);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        String old = System.getProperty("hubkit.copy.samePagePlace");
        double[][][] m = new double[2][3][rounds];
        try {
            for (int r = 0; r < warmup + rounds; r++) {
                for (int k = 0; k < 2; k++) {
                    int variant = (r + k) % 2; // 0: same place, 1: plain layout
                    System.setProperty("hubkit.copy.samePagePlace", variant == 0 ? "true" : "false");
                    Files.deleteIfExists(dst);
                    dev.hubkit.bench.Writeback.settle();
                    long w = System.nanoTime();
                    long t = threads.getCurrentThreadCpuTime();
                    long p = os.getProcessCpuTime();
                    Path from = variant == 1 && plainSrc != null ? plainSrc : src;
                    Converter.convert(from, dst, options, ProgressListener.none());
                    double ws = (System.nanoTime() - w) / 1e9;
                    double ts = (threads.getCurrentThreadCpuTime() - t) / 1e9;
                    double ps = (os.getProcessCpuTime() - p) / 1e9;
                    System.out.printf(Locale.ROOT, "%s %d %s: wall %.3f s, thread CPU %.3f s, process CPU %.3f s%n",
                            r < warmup ? "warm-up" : "round", r + 1, variant == 0 ? "same-place" : "plain", ws, ts, ps);
                    if (r >= warmup) {
                        m[variant][0][r - warmup] = ws;
                        m[variant][1][r - warmup] = ts;
                        m[variant][2][r - warmup] = ps;
                    }
                }
            }
        } finally {
            if (old == null) {
                System.clearProperty("hubkit.copy.samePagePlace");
            } else {
                System.setProperty("hubkit.copy.samePagePlace", old);
            }
        }
        Files.deleteIfExists(dst);
        for (int v = 0; v < 2; v++) {
            System.out.printf(Locale.ROOT, "ab median %s: %.3f %.3f %.3f%n", v == 0 ? "same-place" : "plain",
                    median(m[v][0]), median(m[v][1]), median(m[v][2]));
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void generate(Path file, long bytes, int align) throws IOException {
        long elements = bytes / 4;
        List<TensorInfo> plan = new ArrayList<>();
        for (int i = 0; elements > 0; i++) {
            long n = Math.min(elements, TENSOR_ELEMENTS);
            plan.add(new TensorInfo(String.format("layers.%03d.weight", i), DType.F32, new long[] {n / 1024, 1024}));
            elements -= n / 1024 * 1024;
            if (n < 1024) {
                break;
            }
        }
        Map<String, String> metadata = new java.util.LinkedHashMap<>();
        metadata.put("format", "pt");
        if (align > 0) {
            // a note whose length puts the end of the 8-byte-padded header at a multiple of align
            StringBuilder note = new StringBuilder();
            while ((8 + padded8(jsonLength(plan, note.length()))) % align != 0) {
                note.append('x');
            }
            metadata.put("note", note.toString());
        }
        try (SafetensorsWriter w = SafetensorsWriter.create(file, plan, metadata)) {
            for (TensorInfo t : plan) {
                w.write(new Synthetic(t));
            }
            w.finish();
        }
        if (align > 0) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
                long start = dev.hubkit.converters.safetensors.SafetensorsHeader.read(file, ch, ch.size()).dataStart();
                if (start % align != 0) {
                    throw new IllegalStateException("the data of " + file + " starts at " + start
                            + ", not a multiple of " + align + "; the writer's header layout changed, update jsonLength");
                }
            }
        }
    }

    /**
     * The length of the header JSON SafetensorsWriter writes for {@code plan} (ASCII names, nothing escaped)
     * with metadata {@code {"format":"pt","note":<noteLength x's>}}; checked against the file afterwards.
     */
    private static long jsonLength(List<TensorInfo> plan, int noteLength) {
        StringBuilder sb = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\",\"note\":\"");
        sb.append("x".repeat(noteLength)).append("\"}");
        long offset = 0;
        for (TensorInfo t : plan) {
            long end = offset + t.byteSize();
            sb.append(",\"").append(t.name()).append("\":{\"dtype\":\"").append(t.dtype().safetensorsName())
                    .append("\",\"shape\":[").append(t.shape()[0]).append(',').append(t.shape()[1])
                    .append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        return sb.append('}').length();
    }

    private static long padded8(long n) {
        return (n + 7) / 8 * 8;
    }

    /** Pseudo-random normal-ish floats, generated chunk by chunk. */
    private static final class Synthetic implements TensorData {
        private final TensorInfo info;

        Synthetic(TensorInfo info) {
            this.info = info;
        }

        @Override
        public TensorInfo info() {
            return info;
        }

        @Override
        public void read(ChunkSink sink) throws IOException {
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            long seed = info.name().hashCode();
            long n = info.numel();
            for (long i = 0; i < n; i++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                buf.putFloat((float) ((seed >>> 40) - (1L << 23)) / (1 << 25));
                if (!buf.hasRemaining()) {
                    buf.flip();
                    sink.accept(buf);
                    buf.clear();
                }
            }
            buf.flip();
            if (buf.hasRemaining()) {
                sink.accept(buf);
            }
        }

        @Override
        public ByteBuffer buffer() {
            throw new UnsupportedOperationException("streamed only");
        }
    }
}
