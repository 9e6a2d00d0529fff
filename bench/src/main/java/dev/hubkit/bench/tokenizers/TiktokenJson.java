package dev.hubkit.bench.tokenizers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.tiktoken.SplitPattern;
import dev.hubkit.tokenizers.tiktoken.TiktokenToTokenizerJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Real byte-level BPE tokenizer.json files built by {@link TiktokenToTokenizerJson} from the
 * tiktoken rank files shipped in JTokkit's jar (same layouts as the parity fixtures in the
 * tokenizers tests; here also o200k for the load-time check).
 */
public final class TiktokenJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private TiktokenJson() {}

  /** GPT-2 (r50k_base): ByteLevel pre-tokenizer with its regex, merges as "a b" strings. */
  public static String gpt2() {
    return convert("r50k_base", TiktokenToTokenizerJson.gpt2ByteLevel().mergesAsPairs(false)
        .specialToken("<|endoftext|>", 50256).build()).toString();
  }

  /**
   * cl100k_base in the Llama-3 layout: Split(regex, isolated) then ByteLevel without its regex,
   * merges as pairs, ignore_merges, a Sequence post-processor.
   */
  public static String cl100k() {
    return splitStyle("cl100k_base", 100257, SplitPattern.CL100K);
  }

  /** o200k_base (GPT-4o) in the same layout; its tokenizer.json is about 10 MB. */
  public static String o200k() {
    return splitStyle("o200k_base", 199999, SplitPattern.O200K);
  }

  private static String splitStyle(String name, int endOfText, SplitPattern pattern) {
    ObjectNode root = convert(name,
        TiktokenToTokenizerJson.splitThenByteLevel(TiktokenToTokenizerJson.huggingFaceRegex(pattern))
            .specialToken("<|endoftext|>", endOfText).build());
    ArrayNode post = F.arrayNode().add(root.get("post_processor"));
    root.set("post_processor", F.objectNode().put("type", "Sequence").set("processors", post));
    return root.toString();
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
