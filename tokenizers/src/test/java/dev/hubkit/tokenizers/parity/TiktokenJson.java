package dev.hubkit.tokenizers.parity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.tiktoken.TiktokenToTokenizerJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Real byte-level BPE tokenizer.json files built by {@link TiktokenToTokenizerJson} from the
 * tiktoken rank files shipped in JTokkit's jar.
 */
final class TiktokenJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private TiktokenJson() {}

  /** GPT-2 (r50k_base): ByteLevel pre-tokenizer with its regex, merges as "a b" strings. */
  static String gpt2() {
    return convert("r50k_base", TiktokenToTokenizerJson.gpt2ByteLevel().mergesAsPairs(false)
        .specialToken("<|endoftext|>", 50256).build()).toString();
  }

  /**
   * cl100k_base in the Llama-3 layout: Split(regex, isolated) then ByteLevel without its regex,
   * merges as pairs, ignore_merges, a Sequence post-processor.
   */
  static String cl100k() {
    ObjectNode root = convert("cl100k_base",
        TiktokenToTokenizerJson.splitThenByteLevel(TiktokenToTokenizerJson.CL100K_REGEX)
            .specialToken("<|endoftext|>", 100257).build());
    ArrayNode post = F.arrayNode().add(root.get("post_processor"));
    root.set("post_processor", F.objectNode().put("type", "Sequence").set("processors", post));
    return root.toString();
  }

  static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex) {
    return F.objectNode().put("type", "ByteLevel").put("add_prefix_space", addPrefixSpace)
        .put("trim_offsets", trimOffsets).put("use_regex", useRegex);
  }

  private static ObjectNode convert(String name, TiktokenToTokenizerJson converter) {
    String resource = "com/knuddels/jtokkit/" + name + ".tiktoken";
    try (InputStream in = TiktokenJson.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " not on the classpath; add com.knuddels:jtokkit");
      }
      return converter.convert(in, resource);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
