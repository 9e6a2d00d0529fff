package dev.hubkit.tokenizers.parity;

import dev.hubkit.tokenizers.Encoding;
import dev.hubkit.tokenizers.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs one {@link ParityCase} of one {@link Fixture} over a list of lines on both sides and
 * collects every difference in ids, tokens, offsets, type ids, masks, word ids, sequence ids,
 * overflowing encodings and decode output (with and without skip_special_tokens).
 */
final class ParityRunner {
  static final int BATCH = 16;
  private static final int EXAMPLES = 5;
  private static final int MINIMIZED = 3;

  /** Outcome of one run; {@code examples} are compact, human-readable diffs. */
  record Result(String fixture, String parityCase, int inputs, int failures, int bothRejected,
      List<String> examples) {
    String summary() {
      return fixture + "/" + parityCase + ": " + inputs + " inputs, " + failures + " mismatching, "
          + bothRejected + " rejected by both";
    }
  }

  private final Fixture fixture;
  private final ParityCase parityCase;
  private final OracleTokenizer oracle;
  private final Tokenizer hubkit;
  private final List<String> examples = new ArrayList<>();
  private int failures;
  private int bothRejected;

  private ParityRunner(Fixture fixture, Path file, ParityCase parityCase) {
    this.fixture = fixture;
    this.parityCase = parityCase;
    Map<String, String> options = new HashMap<>(fixture.oracleOptions());
    options.putAll(parityCase.oracleOptions());
    this.oracle = OracleTokenizer.open(file, options);
    this.hubkit = parityCase.hubkit().apply(Tokenizer.fromFile(file));
  }

  static Result run(Fixture fixture, Path file, ParityCase parityCase, List<String> lines) {
    ParityRunner runner = new ParityRunner(fixture, file, parityCase);
    try {
      return runner.runAll(lines);
    } finally {
      runner.oracle.close();
    }
  }

  private Result runAll(List<String> lines) {
    boolean add = parityCase.addSpecialTokens();
    int inputs = 0;
    switch (parityCase.kind()) {
      case SINGLE -> {
        for (int i = 0; i < lines.size(); i++) {
          String text = lines.get(i);
          Optional<String> d = checkOne(text, null);
          inputs++;
          if (d.isPresent()) {
            fail(i, text, null, d.get());
          }
        }
      }
      case PAIR -> {
        for (int i = 0; i < lines.size(); i++) {
          String text = lines.get(i);
          String pair = lines.get((i + 1) % lines.size());
          Optional<String> d = checkOne(text, pair);
          inputs++;
          if (d.isPresent()) {
            fail(i, text, pair, d.get());
          }
        }
      }
      case BATCH, PAIR_BATCH -> {
        boolean pairs = parityCase.kind() == ParityCase.Kind.PAIR_BATCH;
        for (int start = 0; start < lines.size(); start += BATCH) {
          List<String> firsts = lines.subList(start, Math.min(lines.size(), start + BATCH));
          List<String> seconds = new ArrayList<>();
          for (int i = 0; i < firsts.size(); i++) {
            seconds.add(lines.get((start + i + 1) % lines.size()));
          }
          inputs += firsts.size();
          checkBatch(start, firsts, pairs ? seconds : null, add);
        }
      }
    }
    return new Result(fixture.name(), parityCase.name(), inputs, failures, bothRejected, examples);
  }

  private void fail(int index, String text, String pair, String detail) {
    failures++;
    if (examples.size() < EXAMPLES) {
      StringBuilder sb = new StringBuilder()
          .append("line ").append(index).append(": ").append(EncodingDiff.quote(abbreviate(text)));
      if (pair != null) {
        sb.append(" + pair ").append(EncodingDiff.quote(abbreviate(pair)));
      }
      sb.append("\n      ").append(detail);
      if (pair == null && examples.size() < MINIMIZED && parityCase.kind() == ParityCase.Kind.SINGLE) {
        String min = Minimizer.minimize(text, s -> checkOneQuietly(s).isPresent());
        if (!min.equals(text)) {
          sb.append("\n      minimal input ").append(EncodingDiff.quote(min)).append(": ")
              .append(checkOneQuietly(min).orElse("(passes alone)"));
        }
      }
      examples.add(sb.toString());
    }
  }

  private Optional<String> checkOneQuietly(String text) {
    try {
      return checkOne(text, null);
    } catch (RuntimeException e) {
      return Optional.of("exception " + e);
    }
  }

  private Optional<String> checkOne(String text, String pair) {
    boolean add = parityCase.addSpecialTokens();
    ComparableEncoding expected;
    try {
      expected = pair == null ? oracle.encode(text, add) : oracle.encode(text, pair, add);
    } catch (RuntimeException oracleError) {
      try {
        Encoding e = pair == null ? hubkit.encode(text, add) : hubkit.encode(text, pair, add);
        return Optional.of("oracle rejected the input (" + oracleError.getMessage()
            + ") but hubkit returned ids " + java.util.Arrays.toString(e.ids()));
      } catch (RuntimeException bothFailed) {
        bothRejected++;
        return Optional.empty();
      }
    }
    ComparableEncoding actual;
    try {
      Encoding e = pair == null ? hubkit.encode(text, add) : hubkit.encode(text, pair, add);
      actual = HubkitSide.convert(e, text, pair);
    } catch (RuntimeException e) {
      return Optional.of("hubkit threw " + e);
    }
    Optional<String> d = EncodingDiff.diff(expected, actual);
    return d.isPresent() ? d : checkDecode(expected.ids());
  }

  private void checkBatch(int start, List<String> firsts, List<String> seconds, boolean add) {
    List<ComparableEncoding> expected;
    try {
      expected = seconds == null ? oracle.encodeBatch(firsts, add)
          : oracle.encodePairBatch(firsts, seconds, add);
    } catch (RuntimeException oracleError) {
      bothRejected += firsts.size();
      return;
    }
    List<Encoding> actual;
    try {
      actual = seconds == null ? hubkit.encodeBatch(firsts, add)
          : hubkit.encodePairBatch(firsts, seconds, add);
    } catch (RuntimeException e) {
      fail(start, firsts.get(0), seconds == null ? null : seconds.get(0), "hubkit batch threw " + e);
      return;
    }
    if (actual.size() != expected.size()) {
      fail(start, firsts.get(0), null, "batch size: expected " + expected.size() + " actual " + actual.size());
      return;
    }
    for (int i = 0; i < firsts.size(); i++) {
      String pair = seconds == null ? null : seconds.get(i);
      Optional<String> d = EncodingDiff.diff(expected.get(i),
          HubkitSide.convert(actual.get(i), firsts.get(i), pair));
      if (d.isPresent()) {
        fail(start + i, firsts.get(i), pair, "in batch: " + d.get());
      }
    }
  }

  private Optional<String> checkDecode(int[] ids) {
    for (boolean skip : new boolean[] {false, true}) {
      String expected = oracle.decode(ids, skip);
      String actual;
      try {
        actual = hubkit.decode(ids, skip);
      } catch (RuntimeException e) {
        return Optional.of("decode(skip_special_tokens=" + skip + ") threw " + e);
      }
      if (!Objects.equals(expected, actual)) {
        return Optional.of("decode(skip_special_tokens=" + skip + "): expected "
            + EncodingDiff.quote(abbreviate(expected)) + " actual " + EncodingDiff.quote(abbreviate(actual))
            + firstDifference(expected, actual));
      }
    }
    return Optional.empty();
  }

  private static String firstDifference(String e, String a) {
    if (a == null) {
      return "";
    }
    int i = 0;
    while (i < e.length() && i < a.length() && e.charAt(i) == a.charAt(i)) {
      i++;
    }
    return " (first difference at char " + i + ": expected "
        + EncodingDiff.quote(e.substring(i, Math.min(e.length(), i + 20))) + " actual "
        + EncodingDiff.quote(a.substring(i, Math.min(a.length(), i + 20))) + ")";
  }

  private static String abbreviate(String s) {
    if (s == null || s.length() <= 160) {
      return s;
    }
    return s.substring(0, 150) + "…(" + s.length() + " chars)";
  }
}
