package dev.hubkit.bench.tokenizers;

import java.util.List;

/**
 * One tokenizer implementation under measurement. Implementations must be safe to call from
 * several threads at once (the all-core run shares one instance).
 */
public interface Subject extends AutoCloseable {
  /** Tokenizer family: WordPiece, byte-level BPE or Unigram. */
  String family();

  /** The vocabulary, e.g. "BERT uncased" or "GPT-2 (r50k)". */
  String tokenizer();

  /** The implementation, e.g. "hubkit" or "Rust via DJL (encode)". */
  String implementation();

  /** Whether this is hubkit itself (the others are peers). */
  boolean isHubkit();

  /** Encodes {@code texts} and returns the number of tokens produced. */
  long encodeAll(List<String> texts);

  /** Encodes one short text and returns its token count. */
  int encodeOne(String text);

  /**
   * Measures a peer that is not called per text but run as a whole process over the corpus (e.g.
   * {@code spm_encode}); returns null for in-JVM subjects, which the harness measures itself.
   */
  default Measurement measureWhole(List<String> corpus, long corpusBytes) throws Exception {
    return null;
  }

  @Override
  default void close() {}
}
