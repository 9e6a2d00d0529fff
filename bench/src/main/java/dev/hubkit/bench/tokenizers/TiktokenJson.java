package dev.hubkit.bench.tokenizers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds real byte-level BPE tokenizer.json files from the tiktoken rank files shipped in JTokkit's
 * jar, the way the Hugging Face tiktoken converter does: vocabulary = byte-level-encoded token to
 * rank; merges = for every multi-byte token, each split into two known tokens, ordered by the
 * rank of the token they produce (ties by the ranks of the parts).
 *
 * <p>Same construction as the parity fixtures in the tokenizers tests (kept separate because
 * the benchmark cannot depend on test code); here it also builds o200k for the load-time check.
 */
public final class TiktokenJson {
  static final String CL100K_REGEX =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
          + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
  static final String O200K_REGEX = String.join("|",
      "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
      "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
      "\\p{N}{1,3}", " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*", "\\s*[\\r\\n]+", "\\s+(?!\\S)", "\\s+");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] BYTE_TO_CHAR = byteLevelAlphabet();

  private TiktokenJson() {}

  /** GPT-2 (r50k_base): ByteLevel pre-tokenizer with its regex, merges as "a b" strings. */
  public static String gpt2() {
    Map<ByteKey, Integer> ranks = load("r50k_base");
    ObjectNode root = skeleton(ranks, 50256, false, false);
    root.set("pre_tokenizer", byteLevel(false, true, true));
    return root.toString();
  }

  /**
   * cl100k_base in the Llama-3 layout: Split(regex, isolated) then ByteLevel without its regex,
   * merges as pairs, ignore_merges, a Sequence post-processor.
   */
  public static String cl100k() {
    return splitStyle("cl100k_base", 100257, CL100K_REGEX);
  }

  /** o200k_base (GPT-4o) in the same layout; its tokenizer.json is about 10 MB. */
  public static String o200k() {
    return splitStyle("o200k_base", 199999, O200K_REGEX);
  }

  private static String splitStyle(String name, int endOfText, String regex) {
    Map<ByteKey, Integer> ranks = load(name);
    ObjectNode root = skeleton(ranks, endOfText, true, true);
    ArrayNode pre = F.arrayNode();
    pre.add(split(regex));
    pre.add(byteLevel(false, true, false));
    root.set("pre_tokenizer", F.objectNode().put("type", "Sequence").set("pretokenizers", pre));
    ArrayNode post = F.arrayNode();
    post.add(F.objectNode().put("type", "ByteLevel").put("add_prefix_space", true)
        .put("trim_offsets", false).put("use_regex", true));
    root.set("post_processor", F.objectNode().put("type", "Sequence").set("processors", post));
    return root.toString();
  }

  static ObjectNode split(String regex) {
    ObjectNode split = F.objectNode().put("type", "Split");
    split.set("pattern", F.objectNode().put("Regex", regex));
    return split.put("behavior", "Isolated").put("invert", false);
  }

  static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex) {
    return F.objectNode().put("type", "ByteLevel").put("add_prefix_space", addPrefixSpace)
        .put("trim_offsets", trimOffsets).put("use_regex", useRegex);
  }

  private static ObjectNode skeleton(Map<ByteKey, Integer> ranks, int endOfText, boolean pairMerges,
      boolean ignoreMerges) {
    if (ranks.containsValue(endOfText)) {
      throw new IllegalStateException("special token id " + endOfText + " collides with a rank");
    }
    ObjectNode root = F.objectNode().put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    added.add(F.objectNode().put("id", endOfText).put("content", "<|endoftext|>")
        .put("single_word", false).put("lstrip", false).put("rstrip", false)
        .put("normalized", false).put("special", true));
    root.putNull("normalizer");
    root.set("post_processor", byteLevel(true, false, true));
    root.set("decoder", byteLevel(true, true, true));
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE").putNull("dropout");
    model.putNull("unk_token");
    model.put("continuing_subword_prefix", "").put("end_of_word_suffix", "")
        .put("fuse_unk", false).put("byte_fallback", false).put("ignore_merges", ignoreMerges);
    List<Map.Entry<ByteKey, Integer>> byRank = new ArrayList<>(ranks.entrySet());
    byRank.sort(Map.Entry.comparingByValue());
    ObjectNode vocab = model.putObject("vocab");
    for (Map.Entry<ByteKey, Integer> e : byRank) {
      vocab.put(encode(e.getKey().bytes), e.getValue());
    }
    ArrayNode merges = model.putArray("merges");
    for (ByteKey[] m : merges(ranks, byRank)) {
      String left = encode(m[0].bytes);
      String right = encode(m[1].bytes);
      if (pairMerges) {
        merges.add(F.arrayNode().add(left).add(right));
      } else {
        merges.add(left + " " + right);
      }
    }
    return root;
  }

  private static List<ByteKey[]> merges(Map<ByteKey, Integer> ranks,
      List<Map.Entry<ByteKey, Integer>> byRank) {
    List<ByteKey[]> out = new ArrayList<>();
    for (Map.Entry<ByteKey, Integer> e : byRank) {
      byte[] token = e.getKey().bytes;
      if (token.length < 2) {
        continue;
      }
      List<ByteKey[]> local = new ArrayList<>();
      for (int i = 1; i < token.length; i++) {
        ByteKey left = new ByteKey(Arrays.copyOfRange(token, 0, i));
        ByteKey right = new ByteKey(Arrays.copyOfRange(token, i, token.length));
        if (ranks.containsKey(left) && ranks.containsKey(right)) {
          local.add(new ByteKey[] {left, right});
        }
      }
      local.sort(Comparator.<ByteKey[]>comparingInt(m -> ranks.get(m[0]))
          .thenComparingInt(m -> ranks.get(m[1])));
      out.addAll(local);
    }
    return out;
  }

  /** Reads {@code com/knuddels/jtokkit/<name>.tiktoken}: base64 token, space, rank per line. */
  static Map<ByteKey, Integer> load(String name) {
    String resource = "com/knuddels/jtokkit/" + name + ".tiktoken";
    InputStream in = TiktokenJson.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(resource + " not on the classpath; add com.knuddels:jtokkit");
    }
    Map<ByteKey, Integer> ranks = new HashMap<>(1 << 18);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        int sp = line.indexOf(' ');
        ranks.put(new ByteKey(Base64.getDecoder().decode(line.substring(0, sp))),
            Integer.parseInt(line.substring(sp + 1).trim()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return ranks;
  }

  /** GPT-2's printable byte alphabet: each byte as the character the ByteLevel stage maps it to. */
  static String encode(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      sb.append(BYTE_TO_CHAR[b & 0xFF]);
    }
    return sb.toString();
  }

  private static String[] byteLevelAlphabet() {
    String[] out = new String[256];
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
      out[b] = new String(Character.toChars(printable ? b : next++));
    }
    return out;
  }

  /** Byte-array map key. */
  record ByteKey(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ByteKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

}
