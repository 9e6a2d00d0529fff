package dev.hubkit.tokenizers.parity;

import dev.hubkit.tokenizers.Encoding;
import java.util.ArrayList;
import java.util.List;

/** Reduces a hubkit {@link Encoding} to a {@link ComparableEncoding} (code-point offsets). */
final class HubkitSide {
  private HubkitSide() {}

  static ComparableEncoding convert(Encoding e, String text, String pair) {
    List<ComparableEncoding> overflowing = new ArrayList<>();
    for (Encoding o : e.overflowing()) {
      overflowing.add(convert(o, text, pair));
    }
    return new ComparableEncoding(
        e.ids(),
        e.tokens(),
        e.codePointOffsets(text, pair),
        e.typeIds(),
        e.attentionMask(),
        e.specialTokensMask(),
        e.wordIds(),
        e.sequenceIds(),
        overflowing);
  }
}
