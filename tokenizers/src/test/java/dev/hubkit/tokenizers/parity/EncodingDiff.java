package dev.hubkit.tokenizers.parity;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Finds the first field in which two encodings differ and describes it compactly. */
final class EncodingDiff {
  private static final int CONTEXT = 4;

  private EncodingDiff() {}

  /** Empty when equal; otherwise "field: expected ... actual ..." for the first differing field. */
  static Optional<String> diff(ComparableEncoding expected, ComparableEncoding actual) {
    Optional<String> d = ints("ids", expected.ids(), actual.ids(), expected.tokens());
    if (d.isEmpty()) {
      d = strings("tokens", expected.tokens(), actual.tokens());
    }
    if (d.isEmpty()) {
      d = offsets(expected, actual);
    }
    if (d.isEmpty()) {
      d = ints("typeIds", expected.typeIds(), actual.typeIds(), expected.tokens());
    }
    if (d.isEmpty()) {
      d = ints("attentionMask", expected.attentionMask(), actual.attentionMask(), expected.tokens());
    }
    if (d.isEmpty()) {
      d = ints("specialTokensMask", expected.specialTokensMask(), actual.specialTokensMask(),
          expected.tokens());
    }
    if (d.isEmpty()) {
      d = ints("wordIds", expected.wordIds(), actual.wordIds(), expected.tokens());
    }
    if (d.isEmpty() && expected.sequenceIds() != null) {
      d = ints("sequenceIds", expected.sequenceIds(), actual.sequenceIds(), expected.tokens());
    }
    if (d.isEmpty()) {
      d = overflowing(expected.overflowing(), actual.overflowing());
    }
    return d;
  }

  private static Optional<String> overflowing(
      List<ComparableEncoding> expected, List<ComparableEncoding> actual) {
    if (expected.size() != actual.size()) {
      return Optional.of("overflowing.size: expected " + expected.size() + " actual " + actual.size());
    }
    for (int i = 0; i < expected.size(); i++) {
      Optional<String> d = diff(expected.get(i), actual.get(i));
      if (d.isPresent()) {
        return Optional.of("overflowing[" + i + "]." + d.get());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> offsets(ComparableEncoding expected, ComparableEncoding actual) {
    int[][] e = expected.offsets();
    int[][] a = actual.offsets();
    if (e.length != a.length) {
      return Optional.of("offsets.length: expected " + e.length + " actual " + a.length);
    }
    for (int i = 0; i < e.length; i++) {
      if (e[i] == null) {
        continue; // the oracle reports no span (special/pad token); nothing to compare
      }
      if (a[i] == null || e[i][0] != a[i][0] || e[i][1] != a[i][1]) {
        return Optional.of("offsets[" + i + "] (token " + quote(expected.tokens()[i]) + "): expected "
            + Arrays.toString(e[i]) + " actual " + Arrays.toString(a[i]) + " near expected "
            + window(e, i) + " actual " + window(a, i));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> ints(String field, int[] e, int[] a, String[] tokens) {
    if (a == null) {
      return Optional.of(field + ": actual is null");
    }
    int n = Math.min(e.length, a.length);
    for (int i = 0; i < n; i++) {
      if (e[i] != a[i]) {
        return Optional.of(field + "[" + i + "]" + tokenNote(tokens, i) + ": expected " + e[i]
            + " actual " + a[i] + "; expected " + slice(e, i) + " actual " + slice(a, i));
      }
    }
    if (e.length != a.length) {
      return Optional.of(field + ".length: expected " + e.length + " actual " + a.length
          + "; expected tail " + slice(e, n) + " actual tail " + slice(a, n));
    }
    return Optional.empty();
  }

  private static Optional<String> strings(String field, String[] e, String[] a) {
    if (a == null) {
      return Optional.of(field + ": actual is null");
    }
    int n = Math.min(e.length, a.length);
    for (int i = 0; i < n; i++) {
      if (!e[i].equals(a[i])) {
        return Optional.of(field + "[" + i + "]: expected " + quote(e[i]) + " actual " + quote(a[i])
            + "; expected " + slice(e, i) + " actual " + slice(a, i));
      }
    }
    if (e.length != a.length) {
      return Optional.of(field + ".length: expected " + e.length + " actual " + a.length);
    }
    return Optional.empty();
  }

  private static String tokenNote(String[] tokens, int i) {
    return tokens != null && i < tokens.length ? " (token " + quote(tokens[i]) + ")" : "";
  }

  private static String slice(int[] v, int at) {
    int from = Math.max(0, at - CONTEXT);
    int to = Math.min(v.length, at + CONTEXT + 1);
    return (from > 0 ? "[.." : "[") + Arrays.toString(Arrays.copyOfRange(v, from, to)).replaceAll("^\\[|]$", "")
        + (to < v.length ? "..]" : "]");
  }

  private static String slice(String[] v, int at) {
    int from = Math.max(0, at - CONTEXT);
    int to = Math.min(v.length, at + CONTEXT + 1);
    StringBuilder sb = new StringBuilder(from > 0 ? "[.." : "[");
    for (int i = from; i < to; i++) {
      sb.append(i > from ? ", " : "").append(quote(v[i]));
    }
    return sb.append(to < v.length ? "..]" : "]").toString();
  }

  private static String window(int[][] v, int at) {
    int from = Math.max(0, at - 2);
    int to = Math.min(v.length, at + 3);
    StringBuilder sb = new StringBuilder("[");
    for (int i = from; i < to; i++) {
      sb.append(i > from ? " " : "").append(v[i] == null ? "null" : v[i][0] + "-" + v[i][1]);
    }
    return sb.append(']').toString();
  }

  /** Java-escaped, quoted text, so invisible characters show up in reports. */
  static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("\"");
    s.codePoints().forEach(cp -> {
      if (cp == '"' || cp == '\\') {
        sb.append('\\').appendCodePoint(cp);
      } else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || Character.getType(cp) == Character.FORMAT
          || cp == 0x2028 || cp == 0x2029 || Character.isWhitespace(cp) && cp != ' ') {
        sb.append(cp <= 0xFFFF ? String.format("\\u%04X", cp) : String.format("\\U%06X", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    return sb.append('"').toString();
  }
}
