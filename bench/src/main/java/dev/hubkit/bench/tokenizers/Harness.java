package dev.hubkit.bench.tokenizers;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A plain measuring harness: warm-up, then timed passes over the same corpus until both a minimum
 * number of passes and a minimum time are reached; reports medians. Allocation is read from
 * {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)}.
 */
final class Harness {
  private static final double WARMUP_SECONDS =
      Double.parseDouble(System.getProperty("hubkit.bench.warmupSeconds", "8"));
  private final List<String> corpus;
  private final List<String> sentences;
  private final long corpusBytes;
  private final double minSeconds;
  private final int threads;

  Harness(List<String> corpus, List<String> sentences, double minSeconds, int threads) {
    this.corpus = corpus;
    this.sentences = sentences;
    this.corpusBytes = corpus.stream().mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
    this.minSeconds = minSeconds;
    this.threads = threads;
  }

  /** Minimum warm-up per measurement, seconds ({@code -Dhubkit.bench.warmupSeconds}, default 8). */
  static double warmupSeconds() {
    return WARMUP_SECONDS;
  }

  long corpusBytes() {
    return corpusBytes;
  }

  /** Measures every column: single-thread throughput, all-core, allocation and latency. */
  Measurement measure(Subject s) throws Exception {
    return measure(s, true);
  }

  /**
   * Measures single-thread throughput and, when {@code extras}, the all-core, allocation and latency
   * columns too (NaN otherwise).
   */
  Measurement measure(Subject s, boolean extras) throws Exception {
    Measurement whole = s.measureWhole(corpus, corpusBytes);
    if (whole != null) {
      return whole;
    }
    // Warm-up until steady state: at least two passes and WARMUP_SECONDS (some JIT paths, e.g.
    // hubkit's cl100k regex split, only reach full speed after several MB of input).
    long tokens = s.encodeAll(corpus);
    // Then keep warming while passes still get faster (the JIT can take longer than WARMUP_SECONDS on a
    // busy machine: a pass more than 3% faster than the one before means it has not settled), up to 60 s.
    long warmStart = System.nanoTime();
    int warmPasses = 1;
    double previous = Double.MAX_VALUE;
    while (true) {
      long t0 = System.nanoTime();
      s.encodeAll(corpus);
      double pass = (System.nanoTime() - t0) / 1e9;
      warmPasses++;
      double elapsed = (System.nanoTime() - warmStart) / 1e9;
      boolean settled = warmPasses >= 3 && pass > previous * 0.97;
      previous = pass;
      if (elapsed >= 60 || (elapsed >= WARMUP_SECONDS && settled)) {
        break;
      }
    }
    List<Double> seconds = new ArrayList<>();
    long start = System.nanoTime();
    while (seconds.size() < 3 || (System.nanoTime() - start) / 1e9 < minSeconds) {
      long t0 = System.nanoTime();
      s.encodeAll(corpus);
      seconds.add((System.nanoTime() - t0) / 1e9);
      if (seconds.size() >= 15) {
        break;
      }
    }
    double median = median(seconds);
    if (!extras) {
      return new Measurement(corpusBytes / median / 1e6, tokens / median, Double.NaN, Double.NaN, Double.NaN, tokens);
    }
    double allCore = allCore(s);
    double bytesPerToken = allocatedPerToken(s, tokens);
    double p50 = latencyP50(s);
    return new Measurement(corpusBytes / median / 1e6, tokens / median, allCore, bytesPerToken, p50, tokens);
  }

  private double allCore(Subject s) throws Exception {
    List<List<String>> slices = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      slices.add(new ArrayList<>());
    }
    for (int i = 0; i < corpus.size(); i++) {
      slices.get(i % threads).add(corpus.get(i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      runSlices(pool, s, slices); // warm-up
      List<Double> seconds = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        long t0 = System.nanoTime();
        runSlices(pool, s, slices);
        seconds.add((System.nanoTime() - t0) / 1e9);
      }
      return corpusBytes / median(seconds) / 1e6;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void runSlices(ExecutorService pool, Subject s, List<List<String>> slices)
      throws Exception {
    List<Future<Long>> futures = new ArrayList<>();
    for (List<String> slice : slices) {
      futures.add(pool.submit(() -> s.encodeAll(slice)));
    }
    for (Future<Long> f : futures) {
      f.get();
    }
  }

  private double allocatedPerToken(Subject s, long tokens) {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(id);
    s.encodeAll(corpus);
    long after = mx.getThreadAllocatedBytes(id);
    return (double) (after - before) / tokens;
  }

  private double latencyP50(Subject s) {
    for (String t : sentences) {
      s.encodeOne(t); // warm-up
    }
    long[] nanos = new long[sentences.size()];
    for (int i = 0; i < sentences.size(); i++) {
      long t0 = System.nanoTime();
      s.encodeOne(sentences.get(i));
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    return nanos[nanos.length / 2] / 1e3;
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
