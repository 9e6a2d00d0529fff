package dev.hubkit.tokenizers.parity;

import dev.hubkit.tokenizers.Tokenizer;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One way of calling both tokenizers: single texts, pairs, or batches, with the same truncation
 * and padding set on each side (DJL option names for the oracle, records for hubkit).
 *
 * @param name short name used in test names and known-failures.txt
 * @param kind what is encoded
 * @param addSpecialTokens passed to both encode calls
 * @param oracleOptions DJL options (on top of "no truncation, no padding")
 * @param hubkit applies the same settings to the hubkit tokenizer
 */
record ParityCase(String name, Kind kind, boolean addSpecialTokens, Map<String, String> oracleOptions,
    UnaryOperator<Tokenizer> hubkit) {

  /** The shape of the inputs. */
  enum Kind { SINGLE, PAIR, BATCH, PAIR_BATCH }

  static ParityCase plain(String name, Kind kind, boolean addSpecialTokens) {
    return new ParityCase(name, kind, addSpecialTokens, Map.of(), UnaryOperator.identity());
  }
}
