package dev.hubkit.bench.tokenizers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.hubkit.tokenizers.Tokenizer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load-time line: run first thing in a fresh JVM (by {@link ForkedMeasurement}), so the first
 * {@link Tokenizer#fromFile} is a cold load (class loading, interpreter, JIT warm-up all included).
 * Then {@value #WARMUP} loads to reach steady state and {@value #LATER} more (median = the warm load
 * time), each load's
 * allocation (all threads: large merge lists are looked up on several) and the CPU time of the
 * loading thread, the first encode after the cold load, and DJL (Rust) loading the same file.
 */
final class LoadTime {
  private static final int WARMUP = 5;
  private static final int LATER = 10;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private LoadTime() {}

  /** One load: wall ms, loading-thread CPU ms, MB allocated by all threads. */
  private record Load(double wallMs, double cpuMs, double allocMb) {}

  private static long allocatedByAllThreads() {
    long sum = 0;
    for (long id : THREADS.getAllThreadIds()) {
      long a = THREADS.getThreadAllocatedBytes(id);
      if (a > 0) {
        sum += a;
      }
    }
    return sum;
  }

  private static Load load(Path file, Tokenizer[] out) {
    long alloc = allocatedByAllThreads();
    long cpu = THREADS.getCurrentThreadCpuTime();
    long t = System.nanoTime();
    out[0] = Tokenizer.fromFile(file);
    double wall = (System.nanoTime() - t) / 1e6;
    return new Load(wall, (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6,
        (allocatedByAllThreads() - alloc) / 1e6);
  }

  static String line(Path file) throws IOException {
    long size = Files.size(file);
    Tokenizer[] tok = new Tokenizer[1];
    Load first = load(file, tok);
    long t = System.nanoTime();
    tok[0].encode("The first encode after loading: it builds nothing the load should have built.");
    double firstEncode = (System.nanoTime() - t) / 1e6;
    for (int i = 0; i < WARMUP; i++) {
      load(file, tok);
    }
    List<Double> wall = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    List<Double> alloc = new ArrayList<>();
    for (int i = 0; i < LATER; i++) {
      Load l = load(file, tok);
      wall.add(l.wallMs());
      cpu.add(l.cpuMs());
      alloc.add(l.allocMb());
    }
    List<Double> djl = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long d = System.nanoTime();
      try (HuggingFaceTokenizer h = HuggingFaceTokenizer.newInstance(file,
          Map.of("truncation", "false", "padding", "false"))) {
        djl.add((System.nanoTime() - d) / 1e6);
      }
    }
    double median = Harness.median(wall);
    return String.format(Locale.ROOT,
        "Load time of a %.1f MB tokenizer.json (o200k_base rebuilt as byte-level BPE, vocab + merges): hubkit "
            + "first load in a fresh JVM %.0f ms (loading thread CPU %.0f ms; first encode after it %.1f ms), "
            + "median of %d more after %d warm-up loads %.0f ms (CPU %.0f ms; target < 300 ms: %s), %.0f MB "
            + "allocated per load; Rust via DJL median of 3: %.0f ms.%n",
        size / 1e6, first.wallMs(), first.cpuMs(), firstEncode, LATER, WARMUP, median, Harness.median(cpu),
        median < 300 ? "met" : "NOT met", Harness.median(alloc), Harness.median(djl));
  }
}
