package dev.hubkit.tokenizers.parity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Deterministically generated hard inputs: scripts without spaces or with marks (CJK, Arabic,
 * Devanagari, Thai), emoji and ZWJ sequences, combining marks, control and format characters,
 * very long words, whitespace runs, and strings that look like special tokens. No lone surrogates:
 * the oracle receives text through JNI as Rust {@code String}s, which cannot hold them.
 */
public final class AdversarialLines {
  private static final long SEED = 0x70C1EL;
  private static final int PER_KIND = 300;
  private static volatile List<String> lines;

  private static final String[] WORDS = {
    "the", "Commission", "Parlament", "européen", "Präsident", "señor", "voto", "ÅÄÖ", "naïve",
    "coöperation", "déjà-vu", "don't", "we'll", "I'M", "O'Neill", "e-mail", "3.14159", "1,000,000",
    "https://example.org/a?b=c&d=e", "user@example.com", "C++", "x86_64", "__init__", "snake_case",
    "CamelCaseWord", "ALLCAPS", "Straße", "İstanbul", "ǅemal", "ﬁnance", "Ⅻ", "½", "²³", "№",
  };
  private static final String[] SPECIAL_LOOKALIKES = {
    "[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]", "[cls]", "[ CLS ]", "[CLS", "CLS]", "[[CLS]]",
    "<s>", "</s>", "<unk>", "<pad>", "<mask>", "< s >", "<s", "</s", "<|endoftext|>", "<|endoftext|",
    "<|im_start|>", "<|im_end|>", "##ing", "##", "▁hello", "▁", "Ġhello", "Ġ", "Ċ", "<0x41>", "<0xZZ>",
    "</w>", "|", "<ent>", "[NEW]", "hello world", "<<s>>", "[SEP][SEP]", "<|endoftext|><|endoftext|>",
  };
  private static final String[] EMOJI = {
    "\uD83D\uDE00", "\uD83D\uDC4D\uD83C\uDFFD", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66",
    "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08", "\uD83C\uDDE9\uD83C\uDDEA", "\uD83C\uDDEF\uD83C\uDDF5", "1\uFE0F\u20E3",
    "\u2764\uFE0F", "\uD83E\uDDD1\u200D\uD83D\uDCBB", "\uD83D\uDC69\uD83C\uDFFF\u200D\uD83E\uDDB0", "\u263A",
    "\uD83E\uDEE0", "\uD83D\uDE4F\uD83C\uDFFB", "\uD83D\uDC41\uFE0F\u200D\uD83D\uDDE8\uFE0F",
  };
  private static final String[] CONTROLS = {
    "\t", "\n", "\r\n", "\r", "\u0000", "\u0007", "\u001B", "\u007F", "\u0085", "\u00A0", "\u00AD",
    "\u200B", "\u200C", "\u200D", "\u200E", "\u2028", "\u2029", "\u3000", "\uFEFF", "\uFFFD", "\u000B",
    "\u000C", "\u1680", "\u2003", "\u202F", "\u061C", "\uE000", "\uFFFE",
  };
  private static final String[] FIXED = {
    "", " ", "  ", "\t", "\n", "a", ".", "!!!", "...", "?!", "a b", " leading", "trailing ", "  both  ",
    "x" + "y".repeat(99), "x" + "y".repeat(100), "z".repeat(101), "\u00E9", "e\u0301", "\u0065\u0301\u0302\u0303",
    "\uD835\uDC00\uD835\uDC01\uD835\uDC02", "\uD840\uDC00\uD840\uDC01", "Hello, world!", "HELLO world",
    "hello\u00A0world", "hello\u3000world", "tab\tseparated\tvalues", "line\nbreak", "mixed 中文 and English",
    "日本語のテキストです。", "한국어 텍스트", "ﾊﾝｶｸｶﾀｶﾅ", "ｆｕｌｌｗｉｄｔｈ", "①②③", "ℌ𝔢𝔩𝔩𝔬", "Ǆǅǆ", "ﬀﬁﬂﬃﬄ",
  };

  private AdversarialLines() {}

  /** The generated lines (same list on every call and every machine). */
  public static List<String> generate() {
    List<String> result = lines;
    if (result == null) {
      Random r = new Random(SEED);
      List<String> out = new ArrayList<>();
      Collections.addAll(out, FIXED);
      Collections.addAll(out, SPECIAL_LOOKALIKES);
      for (int i = 0; i < PER_KIND; i++) {
        out.add(cjk(r));
        out.add(script(r, 0x0621, 0x064A, 0x064B, 0x0652, " ", 3, 8)); // Arabic + harakat
        out.add(script(r, 0x0905, 0x0939, 0x093E, 0x094D, " ", 2, 7)); // Devanagari + matras/virama
        out.add(script(r, 0x0E01, 0x0E2E, 0x0E31, 0x0E3A, "", 20, 60)); // Thai, no spaces
        out.add(emoji(r));
        out.add(combining(r));
        out.add(controls(r));
        out.add(longWord(r));
        out.add(whitespaceRuns(r));
        out.add(specialLookalikes(r));
        out.add(mixed(r));
      }
      result = Collections.unmodifiableList(out);
      lines = result;
    }
    return result;
  }

  private static String word(Random r) {
    return WORDS[r.nextInt(WORDS.length)];
  }

  private static String cjk(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = 5 + r.nextInt(40);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(6)) {
        case 0 -> sb.appendCodePoint(0x3041 + r.nextInt(0x56)); // hiragana
        case 1 -> sb.appendCodePoint(0x30A1 + r.nextInt(0x5A)); // katakana
        case 2 -> sb.appendCodePoint(0xAC00 + r.nextInt(0x2BA4)); // hangul syllables
        case 3 -> sb.append("，。、「」！？".charAt(r.nextInt(7)));
        case 4 -> sb.appendCodePoint(0x20000 + r.nextInt(0x200)); // CJK extension B (astral)
        default -> sb.appendCodePoint(0x4E00 + r.nextInt(0x5000)); // CJK unified
      }
      if (r.nextInt(12) == 0) {
        sb.append(' ').append(word(r)).append(' ');
      }
    }
    return sb.toString();
  }

  private static String script(Random r, int lo, int hi, int markLo, int markHi, String sep,
      int minWords, int maxWords) {
    StringBuilder sb = new StringBuilder();
    int words = minWords + r.nextInt(maxWords - minWords + 1);
    for (int w = 0; w < words; w++) {
      if (w > 0) {
        sb.append(sep);
      }
      int len = 1 + r.nextInt(7);
      for (int i = 0; i < len; i++) {
        sb.appendCodePoint(lo + r.nextInt(hi - lo + 1));
        if (r.nextInt(3) == 0) {
          sb.appendCodePoint(markLo + r.nextInt(markHi - markLo + 1));
        }
      }
      if (r.nextInt(8) == 0) {
        sb.append(r.nextBoolean() ? "، " : "। ").append(r.nextInt(1000));
      }
    }
    return sb.toString();
  }

  private static String emoji(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = 1 + r.nextInt(10);
    for (int i = 0; i < n; i++) {
      sb.append(EMOJI[r.nextInt(EMOJI.length)]);
      if (r.nextBoolean()) {
        sb.append(r.nextBoolean() ? " " : "").append(word(r));
      }
    }
    return sb.toString();
  }

  private static String combining(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = 3 + r.nextInt(20);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('a' + r.nextInt(26)));
      int marks = r.nextInt(4);
      for (int m = 0; m < marks; m++) {
        sb.appendCodePoint(0x0300 + r.nextInt(0x70));
      }
      if (r.nextInt(5) == 0) {
        sb.append(' ');
      }
      if (r.nextInt(10) == 0) {
        sb.appendCodePoint(0x1100 + r.nextInt(19)).appendCodePoint(0x1161 + r.nextInt(21)); // jamo
      }
    }
    return sb.toString();
  }

  private static String controls(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = 2 + r.nextInt(10);
    for (int i = 0; i < n; i++) {
      sb.append(word(r)).append(CONTROLS[r.nextInt(CONTROLS.length)]);
    }
    return sb.toString();
  }

  private static String longWord(Random r) {
    StringBuilder sb = new StringBuilder(word(r)).append(' ');
    int len = 90 + r.nextInt(400);
    String alphabet = r.nextBoolean() ? "abcdefghijklmnopqrstuvwxyz" : "aeiouäöüßéèàçñ0123456789-_";
    for (int i = 0; i < len; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.append(' ').append(word(r)).toString();
  }

  private static String whitespaceRuns(Random r) {
    StringBuilder sb = new StringBuilder();
    String[] ws = {" ", "  ", "   ", "\t", "\n", " \n ", "\u00A0", "\u3000", "\u2003"};
    int n = 2 + r.nextInt(8);
    for (int i = 0; i < n; i++) {
      int k = 1 + r.nextInt(4);
      for (int j = 0; j < k; j++) {
        sb.append(ws[r.nextInt(ws.length)]);
      }
      sb.append(word(r));
    }
    if (r.nextBoolean()) {
      sb.append(" ".repeat(1 + r.nextInt(6)));
    }
    return sb.toString();
  }

  private static String specialLookalikes(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = 2 + r.nextInt(6);
    for (int i = 0; i < n; i++) {
      String sep = switch (r.nextInt(3)) {
        case 0 -> "";
        case 1 -> " ";
        default -> "  ";
      };
      sb.append(r.nextBoolean() ? SPECIAL_LOOKALIKES[r.nextInt(SPECIAL_LOOKALIKES.length)] : word(r))
          .append(sep);
    }
    return sb.toString();
  }

  private static String mixed(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = 3 + r.nextInt(6);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(6)) {
        case 0 -> {
          String c = cjk(r);
          sb.append(c, 0, c.offsetByCodePoints(0, Math.min(3, c.codePointCount(0, c.length()))));
        }
        case 1 -> sb.append(EMOJI[r.nextInt(EMOJI.length)]);
        case 2 -> sb.append(CONTROLS[r.nextInt(CONTROLS.length)]);
        case 3 -> sb.append(SPECIAL_LOOKALIKES[r.nextInt(SPECIAL_LOOKALIKES.length)]);
        default -> sb.append(word(r));
      }
      sb.append(r.nextInt(4) == 0 ? "" : " ");
    }
    return sb.toString();
  }
}
