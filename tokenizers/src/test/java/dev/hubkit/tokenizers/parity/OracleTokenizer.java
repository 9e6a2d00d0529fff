package dev.hubkit.tokenizers.parity;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.djl.util.PairList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference: the Rust Hugging Face tokenizers library (0.21) through DJL's JNI binding, always
 * loaded from a local file (never a hub name, which would reach the network).
 *
 * <p>DJL re-applies its own truncation and padding on top of the file's (by default truncation to
 * 512, longest-first, and batch-longest padding). Every instance is therefore created with both
 * switched off unless the caller's options say otherwise. DJL's {@code CharSpan}s are Unicode
 * scalar (code point) offsets: the binding calls {@code encode_char_offsets}.
 */
final class OracleTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;

  private OracleTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Loads {@code file}; {@code options} (DJL option names) override "no truncation, no padding". */
  static OracleTokenizer open(Path file, Map<String, String> options) {
    Map<String, String> all = new HashMap<>();
    all.put("truncation", "false");
    all.put("padding", "false");
    all.put("withOverflowingTokens", "true");
    all.put("modelMaxLength", "1000000");
    all.putAll(options);
    try {
      return new OracleTokenizer(HuggingFaceTokenizer.newInstance(file, all));
    } catch (IOException e) {
      throw new UncheckedIOException("oracle cannot read " + file, e);
    }
  }

  ComparableEncoding encode(String text, boolean addSpecialTokens) {
    return convert(tokenizer.encode(text, addSpecialTokens, true));
  }

  ComparableEncoding encode(String text, String pair, boolean addSpecialTokens) {
    return convert(tokenizer.encode(text, pair, addSpecialTokens, true));
  }

  List<ComparableEncoding> encodeBatch(List<String> texts, boolean addSpecialTokens) {
    List<ComparableEncoding> out = new ArrayList<>(texts.size());
    for (Encoding e : tokenizer.batchEncode(texts, addSpecialTokens, true)) {
      out.add(convert(e));
    }
    return out;
  }

  List<ComparableEncoding> encodePairBatch(List<String> firsts, List<String> seconds,
      boolean addSpecialTokens) {
    PairList<String, String> pairs = new PairList<>(firsts, seconds);
    List<ComparableEncoding> out = new ArrayList<>(firsts.size());
    for (Encoding e : tokenizer.batchEncode(pairs, addSpecialTokens, true)) {
      out.add(convert(e));
    }
    return out;
  }

  String decode(int[] ids, boolean skipSpecialTokens) {
    long[] longs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      longs[i] = ids[i];
    }
    return tokenizer.decode(longs, skipSpecialTokens);
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  private static ComparableEncoding convert(Encoding e) {
    CharSpan[] spans = e.getCharTokenSpans();
    int[][] offsets = new int[spans.length][];
    for (int i = 0; i < spans.length; i++) {
      offsets[i] = spans[i] == null ? null : new int[] {spans[i].getStart(), spans[i].getEnd()};
    }
    List<ComparableEncoding> overflowing = new ArrayList<>();
    for (Encoding o : e.getOverflowing()) {
      overflowing.add(convert(o));
    }
    return new ComparableEncoding(
        ints(e.getIds()),
        e.getTokens(),
        offsets,
        ints(e.getTypeIds()),
        ints(e.getAttentionMask()),
        ints(e.getSpecialTokenMask()),
        ints(e.getWordIds()),
        ints(e.getSequenceIds()),
        overflowing);
  }

  private static int[] ints(long[] v) {
    if (v == null) {
      return null;
    }
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.toIntExact(v[i]);
    }
    return out;
  }
}
