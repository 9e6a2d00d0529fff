package dev.hubkit.bench.tokenizers;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Entry point of one forked JVM: measures one subject (or the load time) on the same corpus the
 * parent uses and prints the result as one machine-readable line on stdout, which {@link ForkRunner}
 * parses. Every other output goes to stderr.
 *
 * <p>Lines: {@code #hubkit-fork-result TAB implementation TAB hubkit TAB single MB/s TAB tokens/s TAB
 * all-core MB/s TAB bytes/token TAB p50 µs TAB tokens}, {@code #hubkit-fork-load-time TAB text}, or
 * {@code #hubkit-fork-failure TAB phase TAB message} (phase {@code open} or {@code measure}).
 */
public final class ForkedMeasurement {
  static final String RESULT = "#hubkit-fork-result";
  static final String LOAD_TIME = "#hubkit-fork-load-time";
  static final String FAILURE = "#hubkit-fork-failure";

  private ForkedMeasurement() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = TokenizerBench.options(args);
    int status = 0;
    if (opts.containsKey("load-time")) {
      System.out.println(LOAD_TIME + "\t" + clean(LoadTime.line(Path.of(opts.get("load-time")))));
    } else {
      status = measure(opts);
    }
    System.out.flush();
    // Native peers (DJL) may leave non-daemon threads behind; the fork's work is done.
    System.exit(status);
  }

  private static int measure(Map<String, String> opts) throws Exception {
    SubjectSpec spec = SubjectSpec.fromOptions(opts);
    Path work = Path.of(opts.getOrDefault("work", "bench-work"));
    int paragraphs = Integer.parseInt(opts.getOrDefault("paragraphs", "2500"));
    double minSeconds = Double.parseDouble(opts.getOrDefault("min-seconds", "2"));
    boolean extras = Boolean.parseBoolean(opts.getOrDefault("extras", "true"));
    List<String> corpus = TokenizerBench.europarl(paragraphs);
    Harness harness = new Harness(corpus, TokenizerBench.shortSentences(corpus, 2000), minSeconds,
        Runtime.getRuntime().availableProcessors());
    Subject s;
    try {
      s = spec.open(work);
    } catch (RuntimeException e) {
      System.out.println(FAILURE + "\topen\t" + clean(String.valueOf(e.getMessage())));
      return 2;
    }
    Measurement m;
    try (s) {
      m = harness.measure(s, extras);
    } catch (Exception e) {
      System.out.println(FAILURE + "\tmeasure\t" + clean(e.toString()));
      return 3;
    }
    System.out.println(String.join("\t", RESULT, clean(s.implementation()), Boolean.toString(s.isHubkit()),
        num(m.singleMbPerS()), num(m.singleTokensPerS()), num(m.allCoreMbPerS()), num(m.bytesPerToken()),
        num(m.p50Micros()), Long.toString(m.tokens())));
    return 0;
  }

  private static String num(double v) {
    return Double.toString(v);
  }

  private static String clean(String text) {
    return text.replaceAll("[\\t\\r\\n]+", " ").strip();
  }

  /** Reverse of the result line, for the parent. */
  static ForkOutcome parse(String line) {
    String[] f = line.split("\t", -1);
    if (f[0].equals(RESULT) && f.length == 9) {
      return new ForkOutcome.Measured(f[1], Boolean.parseBoolean(f[2]),
          new Measurement(Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
              Double.parseDouble(f[6]), Double.parseDouble(f[7]), Long.parseLong(f[8])));
    }
    if (f[0].equals(FAILURE) && f.length == 3) {
      return new ForkOutcome.Failed(f[1], f[2]);
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT, "not a fork result line: '%s'", line));
  }
}
