package dev.hubkit.tokenizers.parity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.tokenizers.Direction;
import dev.hubkit.tokenizers.Padding;
import dev.hubkit.tokenizers.Truncation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: hubkit against the Rust tokenizers library (via DJL) on the fixture matrix
 * ({@link Fixtures}) and the corpus ({@link ParityCorpus}). Real core fixtures (marked
 * full-corpus) run every corpus line; the others run a deterministic subsample
 * ({@code -Dhubkit.parity.sample=N}, default 800). Pairs, truncation, padding and batches run on
 * smaller subsamples. Mismatches are listed in {@code <build dir>/parity-report.md}.
 */
class TokenizerParityTest {
  private static final int SAMPLE = Integer.getInteger("hubkit.parity.sample", 800);
  /** {@code -Dhubkit.parity.full=false} runs even the core fixtures on the subsample only. */
  private static final boolean FULL = Boolean.parseBoolean(System.getProperty("hubkit.parity.full", "true"));
  private static final int PAIR_SAMPLE = Math.max(50, SAMPLE / 2);
  /** Fixtures on which truncation/padding/batch cases run (one per model family). */
  private static final Set<String> TRUNC_PAD_FIXTURES =
      Set.of("bert-minilm", "gpt2", "unigram-europarl", "wp-added-tokens", "gpt2-roberta");
  private static final List<ParityRunner.Result> RESULTS = new ArrayList<>();

  @TempDir static Path dir;

  @BeforeAll
  static void loadCorpus() {
    ParityCorpus.all();
  }

  @Test
  void corpusIsLargeAndVaried() {
    List<String> corpus = ParityCorpus.all();
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(20_000);
    assertThat(AdversarialLines.generate()).hasSizeGreaterThan(3_000);
    assertThat(corpus).anyMatch(s -> s.contains("\u200D")).anyMatch(s -> s.codePoints().anyMatch(
        cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.THAI));
    assertThat(ParityCorpus.sample(SAMPLE)).hasSize(Math.min(SAMPLE, corpus.size()));
  }

  @TestFactory
  Stream<DynamicContainer> parity() {
    return Fixtures.all().stream().map(f -> DynamicContainer.dynamicContainer(f.name(),
        cases(f).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(f, c)))));
  }

  private static List<ParityCase> cases(Fixture f) {
    List<ParityCase> cases = new ArrayList<>();
    cases.add(ParityCase.plain("single", ParityCase.Kind.SINGLE, true));
    cases.add(ParityCase.plain("single-no-special", ParityCase.Kind.SINGLE, false));
    cases.add(ParityCase.plain("pair", ParityCase.Kind.PAIR, true));
    if (!f.oracleOptions().isEmpty()) {
      cases.add(ParityCase.plain("batch", ParityCase.Kind.BATCH, true));
      return cases; // the file's own truncation/padding is what is tested
    }
    if (!TRUNC_PAD_FIXTURES.contains(f.name())) {
      return cases;
    }
    cases.add(ParityCase.plain("pair-no-special", ParityCase.Kind.PAIR, false));
    cases.add(new ParityCase("trunc-16-stride-4", ParityCase.Kind.SINGLE, true,
        Map.of("truncation", "longest_first", "maxLength", "16", "stride", "4"),
        t -> t.withTruncation(new Truncation(16, Truncation.Strategy.LONGEST_FIRST, 4, Direction.RIGHT))));
    // Pairs truncate with stride 0: Rust panics (aborting the JVM) when a stride is not below the
    // length left for a sequence, which only_first/only_second easily reach.
    for (Truncation.Strategy s : Truncation.Strategy.values()) {
      cases.add(new ParityCase("pair-trunc-40-" + s.name().toLowerCase(java.util.Locale.ROOT),
          ParityCase.Kind.PAIR, true,
          Map.of("truncation", s.name().toLowerCase(java.util.Locale.ROOT), "maxLength", "40"),
          t -> t.withTruncation(new Truncation(40, s, 0, Direction.RIGHT))));
    }
    cases.add(new ParityCase("pad-fixed-48", ParityCase.Kind.SINGLE, true,
        Map.of("padding", "max_length", "maxLength", "48"),
        t -> t.withPadding(new Padding(Padding.Strategy.FIXED, 48, Direction.RIGHT, null, 0, 0, "[PAD]"))));
    cases.add(new ParityCase("batch-longest-multiple-8", ParityCase.Kind.BATCH, true,
        Map.of("padding", "true", "padToMultipleOf", "8"),
        t -> t.withPadding(new Padding(Padding.Strategy.BATCH_LONGEST, 0, Direction.RIGHT, 8, 0, 0, "[PAD]"))));
    cases.add(new ParityCase("pair-batch-trunc-64-padded", ParityCase.Kind.PAIR_BATCH, true,
        Map.of("padding", "true", "truncation", "longest_first", "maxLength", "64"),
        t -> t.withTruncation(new Truncation(64, Truncation.Strategy.LONGEST_FIRST, 0, Direction.RIGHT))
            .withPadding(new Padding(Padding.Strategy.BATCH_LONGEST, 0, Direction.RIGHT, null, 0, 0, "[PAD]"))));
    return cases;
  }

  private static void check(Fixture fixture, ParityCase parityCase) {
    Path file = dir.resolve(fixture.name() + ".json");
    if (!Files.exists(file)) {
      fixture.writeTo(dir);
    }
    // Whole corpus: real BERT with and without special tokens, GPT-2 and Unigram with them.
    boolean full = FULL && fixture.fullCorpus() && parityCase.kind() == ParityCase.Kind.SINGLE
        && parityCase.oracleOptions().isEmpty()
        && (parityCase.addSpecialTokens() || fixture.name().equals("bert-minilm"));
    List<String> lines = full ? ParityCorpus.all()
        : ParityCorpus.sample(parityCase.kind() == ParityCase.Kind.SINGLE ? SAMPLE : PAIR_SAMPLE);
    ParityRunner.Result result = ParityRunner.run(fixture, file, parityCase, lines);
    synchronized (RESULTS) {
      RESULTS.add(result);
    }
    if (result.failures() == 0) {
      return;
    }
    String message = result.summary() + "\n  " + String.join("\n  ", result.examples());
    Optional<String> known = KnownFailures.reason(fixture.name(), parityCase.name());
    Assumptions.assumeTrue(known.isEmpty(), () -> "known failure (" + known.orElse("") + "): " + message);
    throw new AssertionError(message);
  }

  @AfterAll
  static void writeReport() {
    StringBuilder sb = new StringBuilder("# Tokenizer parity report\n\n");
    int inputs = 0;
    for (ParityRunner.Result r : RESULTS) {
      inputs += r.inputs();
      sb.append("- ").append(r.summary()).append('\n');
      for (String e : r.examples()) {
        sb.append("    - ").append(e.replace("\n", "\n      ")).append('\n');
      }
    }
    sb.append("\nTotal: ").append(RESULTS.size()).append(" checks, ").append(inputs).append(" inputs\n");
    String buildDir = System.getProperty("DJL_CACHE_DIR");
    Path out = buildDir == null ? dir.resolve("parity-report.md")
        : Path.of(buildDir).getParent().resolve("parity-report.md");
    try {
      Files.createDirectories(out.getParent());
      Files.writeString(out, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
  }
}
