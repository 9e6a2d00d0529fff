package dev.hubkit.tokenizers.parity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.tokenizers.Tokenizer;
import dev.hubkit.tokenizers.tiktoken.SplitPattern;
import dev.hubkit.tokenizers.tiktoken.TiktokenToTokenizerJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An o200k_base tokenizer.json (Split with the o200k regex, which the reader serves with the hand-written
 * splitter, then ByteLevel) encodes exactly like Hugging Face tokenizers (Rust, via DJL) on a sample of the
 * parity corpus: ids, tokens and offsets.
 */
class O200kTokenizerJsonParityTest {

  @Test
  void o200kTokenizerJsonMatchesRust(@TempDir Path dir) throws IOException {
    String json;
    try (InputStream in = getClass().getClassLoader()
        .getResourceAsStream("com/knuddels/jtokkit/o200k_base.tiktoken")) {
      assertThat(in).as("o200k_base.tiktoken from jtokkit").isNotNull();
      json = TiktokenToTokenizerJson.splitThenByteLevel(TiktokenToTokenizerJson.huggingFaceRegex(SplitPattern.O200K))
          .specialToken("<|endoftext|>", 199999).build().convert(in, "o200k_base").toString();
    }
    assertThat(json).contains("\\\\p{Lu}\\\\p{Lt}");
    Path file = dir.resolve("tokenizer.json");
    Files.writeString(file, json, StandardCharsets.UTF_8);

    List<String> texts = new ArrayList<>(ParityCorpus.sample(3_000));
    texts.add("x \n ");
    texts.add("HTTPServer DON'T ǅungla don'ſ a/b\n/ 12345\r\n\r\n  ");
    Tokenizer ours = Tokenizer.fromFile(file);
    List<String> failures = new ArrayList<>();
    try (OracleTokenizer oracle = OracleTokenizer.open(file, Map.of())) {
      List<ComparableEncoding> expected = oracle.encodeBatch(texts, false);
      for (int i = 0; i < texts.size(); i++) {
        String text = texts.get(i);
        Optional<String> d = EncodingDiff.diff(expected.get(i),
            HubkitSide.convert(ours.encode(text, false), text, null));
        d.ifPresent(msg -> failures.add(EncodingDiff.quote(text) + ": " + msg));
      }
    }
    assertThat(failures).as("o200k tokenizer.json differences from Rust").isEmpty();
  }
}
