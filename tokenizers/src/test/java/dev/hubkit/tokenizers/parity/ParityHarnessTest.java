package dev.hubkit.tokenizers.parity;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the harness itself: the diff sees differences, and the rebuilt BPE fixtures are right. */
class ParityHarnessTest {
  @TempDir Path dir;

  private static ComparableEncoding enc(int[] ids, int[][] offsets) {
    String[] tokens = Arrays.stream(ids).mapToObj(i -> "t" + i).toArray(String[]::new);
    int[] zeros = new int[ids.length];
    int[] ones = new int[ids.length];
    Arrays.fill(ones, 1);
    return new ComparableEncoding(ids, tokens, offsets, zeros, ones, zeros, zeros, zeros, List.of());
  }

  @Test
  void diffReportsTheFirstDifferingField() {
    ComparableEncoding a = enc(new int[] {1, 2, 3}, new int[][] {{0, 1}, {1, 2}, {2, 3}});
    assertThat(EncodingDiff.diff(a, enc(new int[] {1, 2, 3}, new int[][] {{0, 1}, {1, 2}, {2, 3}}))).isEmpty();
    assertThat(EncodingDiff.diff(a, enc(new int[] {1, 9, 3}, new int[][] {{0, 1}, {1, 2}, {2, 3}})))
        .hasValueSatisfying(d -> assertThat(d).startsWith("ids[1]"));
    assertThat(EncodingDiff.diff(a, enc(new int[] {1, 2, 3}, new int[][] {{0, 1}, {1, 3}, {2, 3}})))
        .hasValueSatisfying(d -> assertThat(d).startsWith("offsets[1]"));
    assertThat(EncodingDiff.diff(a, enc(new int[] {1, 2}, new int[][] {{0, 1}, {1, 2}})))
        .hasValueSatisfying(d -> assertThat(d).startsWith("ids.length"));
  }

  @Test
  void minimizerShrinksToTheCulprit() {
    String min = Minimizer.minimize("alpha beta gamma\uFFFEdelta epsilon", s -> s.contains("\uFFFE"));
    assertThat(min).isEqualTo("\uFFFE");
  }

  /** The GPT-2 tokenizer.json rebuilt from r50k ranks, run by the Rust library, equals JTokkit. */
  @Test
  void rebuiltGpt2AndCl100kMatchJtokkit() {
    List<String> lines = ParityCorpus.europarl(300);
    for (Map.Entry<String, EncodingType> e : Map.of("gpt2", EncodingType.R50K_BASE,
        "cl100k", EncodingType.CL100K_BASE).entrySet()) {
      Path file = Fixtures.byName(e.getKey()).writeTo(dir);
      com.knuddels.jtokkit.api.Encoding jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(e.getValue());
      try (OracleTokenizer oracle = OracleTokenizer.open(file, Map.of())) {
        for (String line : lines) {
          assertThat(oracle.encode(line, false).ids()).as(e.getKey() + ": " + line)
              .containsExactly(jtokkit.encodeOrdinary(line).toArray());
        }
      }
    }
  }
}
