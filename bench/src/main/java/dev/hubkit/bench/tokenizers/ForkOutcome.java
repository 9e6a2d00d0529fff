package dev.hubkit.bench.tokenizers;

/** What one forked measurement reported. */
sealed interface ForkOutcome {
  /** The subject was measured. */
  record Measured(String implementation, boolean hubkit, Measurement measurement) implements ForkOutcome {}

  /**
   * The subject could not be opened or measured, or the fork died.
   *
   * @param phase {@code open}, {@code measure} or {@code fork}
   * @param message what went wrong
   */
  record Failed(String phase, String message) implements ForkOutcome {}
}
