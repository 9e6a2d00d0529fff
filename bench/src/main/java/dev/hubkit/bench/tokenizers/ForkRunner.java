package dev.hubkit.bench.tokenizers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Starts one fresh JVM per measurement (as JMH forks do), so that no subject inherits the JIT
 * profile, heap or GC state of another: {@code java} from {@code java.home}, the parent's classpath,
 * the same JVM flags for every fork, and the {@code hubkit.bench.*}, {@code ai.djl.*},
 * {@code DJL_CACHE_DIR} and {@code org.slf4j.*} system properties of the parent.
 */
final class ForkRunner {
  private static final long TIMEOUT_MINUTES = 10;
  private final List<String> prefix;
  private final List<String> common;

  /**
   * @param jvmFlags flags for every fork, e.g. {@code -Xmx2g}
   * @param common benchmark options every fork gets (work folder, paragraphs, min seconds)
   */
  ForkRunner(List<String> jvmFlags, List<String> common) {
    List<String> p = new ArrayList<>();
    p.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    p.addAll(jvmFlags);
    for (String name : System.getProperties().stringPropertyNames().stream().sorted().toList()) {
      if (name.startsWith("hubkit.bench.") || name.startsWith("ai.djl.") || name.equals("DJL_CACHE_DIR")
          || name.startsWith("org.slf4j.")) {
        p.add("-D" + name + "=" + System.getProperty(name));
      }
    }
    p.add("-cp");
    p.add(System.getProperty("java.class.path"));
    p.add(ForkedMeasurement.class.getName());
    this.prefix = List.copyOf(p);
    this.common = List.copyOf(common);
  }

  /** Measures {@code spec} in a fresh JVM; {@code extras} adds the all-core, allocation and latency columns. */
  ForkOutcome measure(SubjectSpec spec, boolean extras) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(common);
    args.addAll(spec.toArgs());
    args.add("--extras");
    args.add(Boolean.toString(extras));
    List<String> lines;
    try {
      lines = run(args, ForkedMeasurement.RESULT, ForkedMeasurement.FAILURE);
    } catch (IOException e) {
      return new ForkOutcome.Failed("fork", e.getMessage());
    }
    if (lines.isEmpty()) {
      return new ForkOutcome.Failed("fork", "the forked JVM printed no result (see its stderr above)");
    }
    return ForkedMeasurement.parse(lines.get(lines.size() - 1));
  }

  /** The load-time line, measured in a fresh JVM. */
  String loadTime(Path tokenizerJson) throws IOException, InterruptedException {
    List<String> lines = run(List.of("--load-time", tokenizerJson.toString()), ForkedMeasurement.LOAD_TIME);
    if (lines.isEmpty()) {
      throw new IOException("the load-time fork printed no result (see its stderr above)");
    }
    String line = lines.get(lines.size() - 1);
    return line.substring(line.indexOf('\t') + 1);
  }

  /** Runs a fork; returns its stdout lines that start with one of {@code markers}, forwards the rest. */
  private List<String> run(List<String> args, String... markers) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> found = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (startsWithAny(line, markers)) {
            found.add(line);
          } else {
            System.err.println("[fork] " + line);
          }
        }
      } catch (IOException e) {
        System.err.println("[fork] cannot read the fork's output: " + e);
      }
    }, "fork-stdout");
    reader.setDaemon(true);
    reader.start();
    if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      reader.join(10_000);
      throw new IOException(String.format(Locale.ROOT, "fork did not exit within %d minutes: %s",
          TIMEOUT_MINUTES, String.join(" ", args)));
    }
    reader.join();
    if (p.exitValue() != 0 && found.isEmpty()) {
      throw new IOException("fork exited with " + p.exitValue() + " and no result: " + String.join(" ", args));
    }
    return List.copyOf(found);
  }

  private static boolean startsWithAny(String line, String[] markers) {
    for (String m : markers) {
      if (line.startsWith(m + "\t")) {
        return true;
      }
    }
    return false;
  }
}
