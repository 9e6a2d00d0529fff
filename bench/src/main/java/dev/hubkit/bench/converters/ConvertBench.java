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
 *   ConvertBench generate FILE.safetensors SIZE_MB   # a synthetic F32 checkpoint of 64 MiB tensors
 *   ConvertBench convert SRC DST [f32|f16|bf16]       # one conversion; prints seconds and MB/s
 *   ConvertBench repeat SRC DST [dtype] [WARMUP RUNS]  # the same conversion WARMUP times, then RUNS more
 *                                                     # timed ones in this JVM; prints their median
 * </pre>
 * The repeated form is the warm figure (JIT-compiled code, classes loaded, helper threads started), as a
 * JMH benchmark would measure it; the output is deleted before every run, so each one writes it anew.
 */
public final class ConvertBench {
    private static final long TENSOR_ELEMENTS = 16L << 20; // 64 MiB of F32

    private ConvertBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 3 && args[0].equals("generate")) {
            generate(Path.of(args[1]), Long.parseLong(args[2]) << 20);
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
                    + " | repeat SRC DST [dtype|-] [WARMUP RUNS]");
            System.exit(2);
        }
    }

    private static void repeat(Path src, Path dst, DType dtype, int warmup, int runs) throws IOException {
        long in = Files.size(src);
        ConvertOptions options = new ConvertOptions(null, dtype, 0, false);
        double[] timed = new double[runs];
        for (int i = 0; i < warmup + runs; i++) {
            Files.deleteIfExists(dst);
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

    private static void generate(Path file, long bytes) throws IOException {
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
        try (SafetensorsWriter w = SafetensorsWriter.create(file, plan, Map.of("format", "pt"))) {
            for (TensorInfo t : plan) {
                w.write(new Synthetic(t));
            }
            w.finish();
        }
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
