package dev.hubkit.tokenizers.parity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.hubkit.tokenizers.Encoding;
import dev.hubkit.tokenizers.Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Per-character alignments of normalizers against the Rust library: every normalized char is isolated into its
 * own token, so each token's offsets show exactly which original range the char is aligned to. Inputs are random
 * mixes of starters, combining marks of many classes (reordering), composable pairs, Hangul jamo, compatibility
 * characters, controls, zero-width and other whitespace chars and CJK ideographs.
 */
class NormalizerAlignmentParityTest {
  private static final int[] POOL = {
    'a', 'e', 'o', 'l', 'r', 'A', 'E', 'O', 'K', ' ', '1',
    0xE9, 0xF2, 0x1EC7, 0x212B, 0x2126, 0x01D6, 0x1E69, 0x0344, 0x0F73, 0x0958,
    0x0300, 0x0301, 0x0302, 0x0303, 0x0308, 0x030B, 0x0323, 0x0321, 0x0327, 0x0328, 0x0331, 0x033E, 0x0345,
    0x0349, 0x035C, 0x0360, 0x05B0, 0x05BC, 0x0651, 0x064B, 0x093C, 0x094D, 0x0B47, 0x0B3E, 0x0BC6, 0x0BD7,
    0x3099, 0x309A, 0x304B, 0x30AB, 0xFF76, 0xFF9E, 0x1100, 0x1161, 0x11A8, 0xAC00, 0xAC01, 0xFB01, 0x00BC,
    0x2460, 0x3392, 0x337F, 0xFB2C, 0x1D15E, 0x1D165, 0x1D16E, 0x2FA1D, 0x00A0, 0x2002, 0x0385, 0x1FEE,
    0x01, 0x08, 0x09, 0x0B, 0x0C, 0x1F, 0x7F, 0x8F, 0x9F, 0x1680, 0x200B, 0x200D, 0x200F, 0x2028, 0x2060, 0xFEFF,
    0xFFFD, 0x3000, 0x4E00, 0x9FA5, 0x130, 0x1E9E, 0xDF, 0x1F600, 0xE000,
  };

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"{\"type\":\"NFC\"}", "{\"type\":\"NFD\"}", "{\"type\":\"NFKC\"}",
      "{\"type\":\"NFKD\"}", "{\"type\":\"Nmt\"}",
      "{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,\"strip_accents\":null,"
          + "\"lowercase\":true}",
      "{\"type\":\"BertNormalizer\",\"clean_text\":false,\"handle_chinese_chars\":false,\"strip_accents\":true,"
          + "\"lowercase\":false}",
      "{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"Nmt\"},{\"type\":\"NFKC\"},{\"type\":\"Lowercase\"},"
          + "{\"type\":\"StripAccents\"}]}"})
  void everyCharIsAlignedLikeRust(String normalizer) throws IOException {
    String form = Integer.toHexString(normalizer.hashCode());
    String json = "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[],"
        + "\"normalizer\":" + normalizer + ","
        + "\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"Regex\":\".\"},\"behavior\":\"Isolated\","
        + "\"invert\":false},"
        + "\"post_processor\":null,\"decoder\":null,"
        + "\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"[UNK]\":0},\"unk_token\":\"[UNK]\"}}";
    Path file = dir.resolve(form + ".json");
    Files.writeString(file, json, StandardCharsets.UTF_8);
    Tokenizer ours = Tokenizer.fromFile(file);
    List<String> failures = new ArrayList<>();
    try (HuggingFaceTokenizer rust = HuggingFaceTokenizer.newInstance(file,
        Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false"))) {
      Random random = new Random(form.hashCode());
      for (int n = 0; n < 3000; n++) {
        StringBuilder sb = new StringBuilder();
        int len = 1 + random.nextInt(6);
        for (int i = 0; i < len; i++) {
          sb.appendCodePoint(POOL[random.nextInt(POOL.length)]);
        }
        String text = sb.toString();
        CharSpan[] expected = rust.encode(text, false, false).getCharTokenSpans();
        Encoding e = ours.encode(text, false);
        int[][] actual = e.codePointOffsets(text, null);
        StringBuilder exp = new StringBuilder();
        StringBuilder act = new StringBuilder();
        for (CharSpan s : expected) {
          exp.append('[').append(s.getStart()).append(',').append(s.getEnd()).append(']');
        }
        for (int[] a : actual) {
          act.append('[').append(a[0]).append(',').append(a[1]).append(']');
        }
        if (!exp.toString().equals(act.toString()) && failures.size() < 20) {
          failures.add(escape(text) + " rust " + exp + " hubkit " + act);
        }
      }
    }
    assertThat(failures).as(normalizer).isEmpty();
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(cp -> sb.append(cp < 0x80 ? Character.toString(cp) : String.format("\\u%04X", cp)));
    return sb.toString();
  }
}
