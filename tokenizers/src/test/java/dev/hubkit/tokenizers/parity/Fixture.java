package dev.hubkit.tokenizers.parity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One tokenizer.json under test.
 *
 * @param name short identifier used in test names, reports and known-failures.txt
 * @param json the tokenizer.json text
 * @param fullCorpus whether the single-sequence checks run on the whole corpus (else the subsample)
 * @param oracleOptions extra DJL options needed for the oracle to honour what the file says
 *     (DJL overrides the file's truncation/padding strategy and length with its own options)
 * @param covers the components and options this fixture exercises (documentation only)
 */
record Fixture(String name, String json, boolean fullCorpus, Map<String, String> oracleOptions,
    List<String> covers) {

  /** Writes the JSON to {@code dir/<name>.json}; both implementations load that same file. */
  Path writeTo(Path dir) {
    Path file = dir.resolve(name + ".json");
    try {
      Files.writeString(file, json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write fixture " + file, e);
    }
    return file;
  }
}
