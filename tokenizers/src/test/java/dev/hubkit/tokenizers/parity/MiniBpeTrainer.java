package dev.hubkit.tokenizers.parity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, deterministic BPE trainer (most frequent adjacent pair first, ties by text) used to
 * produce realistic BPE vocabularies for the model options no shipped file uses together:
 * continuing_subword_prefix, end_of_word_suffix, byte_fallback. A merge of (a, b) creates
 * {@code a + b} with b's continuing-subword prefix removed, exactly as the Rust BPE model does.
 */
final class MiniBpeTrainer {
  /** Result: vocabulary (token to id, specials first) and merges in rank order. */
  record Trained(LinkedHashMap<String, Integer> vocab, List<String[]> merges) {}

  private MiniBpeTrainer() {}

  static Trained train(Map<String, Integer> wordCounts, List<String> specials, int minCharCount,
      int mergeCount, String prefix, String suffix) {
    Map<String, Integer> charCounts = new HashMap<>();
    wordCounts.forEach((w, c) -> w.codePoints().forEach(
        cp -> charCounts.merge(new String(Character.toChars(cp)), c, Integer::sum)));
    List<String> symbolText = new ArrayList<>();
    Map<String, Integer> symbolId = new HashMap<>();
    List<int[]> words = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    LinkedHashMap<String, Integer> vocab = new LinkedHashMap<>();
    for (String s : specials) {
      vocab.putIfAbsent(s, vocab.size());
    }
    wordCounts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      int[] cps = e.getKey().codePoints().toArray();
      int[] symbols = new int[cps.length];
      for (int i = 0; i < cps.length; i++) {
        String ch = new String(Character.toChars(cps[i]));
        if (charCounts.get(ch) < minCharCount) {
          return; // words with rare characters stay out of training
        }
        String sym = (i > 0 ? prefix : "") + ch + (i == cps.length - 1 ? suffix : "");
        symbols[i] = symbolId.computeIfAbsent(sym, k -> {
          symbolText.add(k);
          return symbolText.size() - 1;
        });
        vocab.putIfAbsent(sym, vocab.size());
      }
      if (symbols.length > 0) {
        words.add(symbols);
        counts.add(e.getValue());
      }
    });
    List<String[]> merges = new ArrayList<>();
    for (int m = 0; m < mergeCount; m++) {
      Map<Long, Integer> pairCounts = new HashMap<>();
      for (int w = 0; w < words.size(); w++) {
        int[] symbols = words.get(w);
        for (int i = 0; i + 1 < symbols.length; i++) {
          pairCounts.merge(((long) symbols[i] << 32) | symbols[i + 1], counts.get(w), Integer::sum);
        }
      }
      long best = -1;
      int bestCount = 1;
      for (Map.Entry<Long, Integer> e : pairCounts.entrySet()) {
        if (e.getValue() > bestCount || (e.getValue() == bestCount && best >= 0 && e.getKey() < best)) {
          best = e.getKey();
          bestCount = e.getValue();
        }
      }
      if (best < 0) {
        break;
      }
      int ia = (int) (best >>> 32);
      int ib = (int) best;
      String a = symbolText.get(ia);
      String b = symbolText.get(ib);
      String merged = a + (!prefix.isEmpty() && b.startsWith(prefix) ? b.substring(prefix.length()) : b);
      merges.add(new String[] {a, b});
      vocab.putIfAbsent(merged, vocab.size());
      int im = symbolId.computeIfAbsent(merged, k -> {
        symbolText.add(k);
        return symbolText.size() - 1;
      });
      for (int w = 0; w < words.size(); w++) {
        int[] symbols = words.get(w);
        int out = 0;
        for (int i = 0; i < symbols.length; i++) {
          if (i + 1 < symbols.length && symbols[i] == ia && symbols[i + 1] == ib) {
            symbols[out++] = im;
            i++;
          } else {
            symbols[out++] = symbols[i];
          }
        }
        if (out != symbols.length) {
          words.set(w, java.util.Arrays.copyOf(symbols, out));
        }
      }
    }
    return new Trained(vocab, merges);
  }
}
