package dev.hubkit.tokenizers.parity;

import java.util.function.Predicate;

/**
 * Shrinks a failing input to a small one that still fails: first the shortest failing window of
 * whitespace-separated words, then code points trimmed from both ends.
 */
final class Minimizer {
  private static final int MAX_PROBES = 400;

  private Minimizer() {}

  static String minimize(String input, Predicate<String> fails) {
    int[] probes = {0};
    Predicate<String> probe = s -> probes[0]++ < MAX_PROBES && fails.test(s);
    String best = input;
    String[] words = input.split("(?<=\\s)(?=\\S)");
    search:
    for (int width = 1; width < words.length; width++) {
      for (int start = 0; start + width <= words.length; start++) {
        StringBuilder sb = new StringBuilder();
        for (int i = start; i < start + width; i++) {
          sb.append(words[i]);
        }
        String candidate = sb.toString();
        if (probe.test(candidate)) {
          best = candidate;
          break search;
        }
      }
    }
    boolean shrunk = true;
    while (shrunk && best.codePointCount(0, best.length()) > 1) {
      shrunk = false;
      String front = best.substring(best.offsetByCodePoints(0, 1));
      String back = best.substring(0, best.offsetByCodePoints(best.length(), -1));
      if (probe.test(front)) {
        best = front;
        shrunk = true;
      } else if (probe.test(back)) {
        best = back;
        shrunk = true;
      }
    }
    return best;
  }
}
