package dev.hubkit.bench.tokenizers;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * SentencePiece's own command-line encoder ({@code spm_encode}, Debian package {@code sentencepiece})
 * as a peer: the corpus is written one paragraph per line, and the whole process (start-up, model
 * load, encoding every line to ids, writing them) is timed. Start-up is also timed on an empty file
 * and reported, so the encoding rate alone can be read off too.
 */
final class SpmEncodeProcess implements Subject {
  private static final int RUNS = 3;
  private final String family;
  private final String tokenizer;
  private final Path executable;
  private final Path model;
  private final Path workDir;
  private double startupMillis = Double.NaN;
  private double encodeOnlyMbPerS = Double.NaN;

  private SpmEncodeProcess(String family, String tokenizer, Path executable, Path model, Path workDir) {
    this.family = family;
    this.tokenizer = tokenizer;
    this.executable = executable;
    this.model = model;
    this.workDir = workDir;
  }

  /**
   * The peer for {@code model}, or an exception saying how to install {@code spm_encode}.
   *
   * @throws IllegalStateException when spm_encode is not on the PATH
   */
  static SpmEncodeProcess open(String family, String tokenizer, Path model, Path workDir) {
    Path exe = onPath("spm_encode");
    if (exe == null) {
      throw new IllegalStateException("spm_encode is not on the PATH (apt-get install sentencepiece)");
    }
    return new SpmEncodeProcess(family, tokenizer, exe, model, workDir);
  }

  private static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  @Override
  public Measurement measureWhole(List<String> corpus, long corpusBytes) throws Exception {
    Path input = workDir.resolve("spm-input.txt");
    Path empty = workDir.resolve("spm-empty.txt");
    Path output = workDir.resolve("spm-output.txt");
    Files.write(input, corpus, StandardCharsets.UTF_8);
    Files.writeString(empty, "", StandardCharsets.UTF_8);
    run(input, output); // warm-up: page cache, dynamic linking
    long tokens = countTokens(output, corpus.size());
    List<Double> seconds = new ArrayList<>();
    List<Double> startup = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      seconds.add(run(input, output));
      startup.add(run(empty, output));
    }
    double median = Harness.median(seconds);
    startupMillis = Harness.median(startup) * 1e3;
    double encodeOnly = median - startupMillis / 1e3;
    encodeOnlyMbPerS = encodeOnly > 0 ? corpusBytes / encodeOnly / 1e6 : Double.NaN;
    return new Measurement(corpusBytes / median / 1e6, tokens / median, Double.NaN, Double.NaN, Double.NaN, tokens);
  }

  /** Runs spm_encode once; returns its wall time in seconds. */
  private double run(Path input, Path output) throws IOException, InterruptedException {
    List<String> cmd = List.of(executable.toString(), "--model=" + model.toAbsolutePath(), "--output_format=id",
        "--input=" + input.toAbsolutePath(), "--output=" + output.toAbsolutePath());
    Path log = workDir.resolve("spm-stderr.txt");
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("spm_encode did not finish within 10 minutes: " + cmd);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    if (p.exitValue() != 0) {
      throw new IOException("spm_encode exited with " + p.exitValue() + ": "
          + Files.readString(log, StandardCharsets.UTF_8).strip());
    }
    return s;
  }

  private static long countTokens(Path output, int expectedLines) throws IOException {
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    if (lines.size() != expectedLines) {
      throw new IOException("spm_encode wrote " + lines.size() + " lines for " + expectedLines + " input lines");
    }
    long n = 0;
    for (String line : lines) {
      String t = line.strip();
      if (!t.isEmpty()) {
        n += t.split(" ").length;
      }
    }
    return n;
  }

  @Override
  public String family() {
    return family;
  }

  @Override
  public String tokenizer() {
    return tokenizer;
  }

  @Override
  public String implementation() {
    if (Double.isNaN(startupMillis)) {
      return "spm_encode (C++, whole process)";
    }
    return String.format(Locale.ROOT, "spm_encode (C++, whole process; start-up %.0f ms, %.2f MB/s without it)",
        startupMillis, encodeOnlyMbPerS);
  }

  /** The peer whose target counts: its encoding rate without process start-up. */
  double encodeOnlyMbPerS() {
    return encodeOnlyMbPerS;
  }

  @Override
  public boolean isHubkit() {
    return false;
  }

  @Override
  public long encodeAll(List<String> texts) {
    throw new UnsupportedOperationException("spm_encode runs as a whole process; see measureWhole");
  }

  @Override
  public int encodeOne(String text) {
    throw new UnsupportedOperationException("spm_encode runs as a whole process; see measureWhole");
  }
}
