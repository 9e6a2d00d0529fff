package dev.hubkit.tokenizers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Writing back gives JSON equal, as a tree, to what was read; settings changes are written in Rust's layout. */
class TokenizerJsonRoundTripTest {
    static final ObjectMapper M = new ObjectMapper();

    static String bert() throws Exception {
        try (InputStream in = TokenizerJsonRoundTripTest.class.getClassLoader()
                .getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void bertRoundTrip(@TempDir Path dir) throws Exception {
        String json = bert();
        Tokenizer t = Tokenizer.fromJson(json);
        assertThat(M.readTree(t.toJson())).isEqualTo(M.readTree(json));
        Path out = dir.resolve("sub/tokenizer.json");
        t.save(out);
        assertThat(M.readTree(out.toFile())).isEqualTo(M.readTree(json));
        Tokenizer again = Tokenizer.fromFile(out);
        assertThat(again.encode("Round trip!").ids()).containsExactly(t.encode("Round trip!").ids());
    }

    @Test
    void fileSettingsAreReadAndOverridable() throws Exception {
        Tokenizer t = Tokenizer.fromJson(bert());
        assertThat(t.truncation()).contains(new Truncation(128, Truncation.Strategy.LONGEST_FIRST, 0, Direction.RIGHT));
        assertThat(t.padding()).hasValueSatisfying(p -> {
            assertThat(p.strategy()).isEqualTo(Padding.Strategy.FIXED);
            assertThat(p.length()).isEqualTo(128);
            assertThat(p.padToken()).isEqualTo("[PAD]");
        });
        assertThat(t.encode("hello").length()).isEqualTo(128);
        assertThat(t.encode("hello").attentionMask()).startsWith(1, 1, 1, 0);
        Tokenizer plain = t.withPadding(null).withTruncation(null);
        assertThat(plain.encode("hello").length()).isEqualTo(3);
        JsonNode written = M.readTree(plain.toJson());
        assertThat(written.get("padding").isNull()).isTrue();
        assertThat(written.get("truncation").isNull()).isTrue();
        Tokenizer left = plain.withTruncation(new Truncation(4, Truncation.Strategy.ONLY_FIRST, 1, Direction.LEFT));
        JsonNode tr = M.readTree(left.toJson()).get("truncation");
        assertThat(tr.get("max_length").asInt()).isEqualTo(4);
        assertThat(tr.get("strategy").asText()).isEqualTo("OnlyFirst");
        assertThat(tr.get("direction").asText()).isEqualTo("Left");
        assertThat(tr.get("stride").asInt()).isEqualTo(1);
        assertThat(Tokenizer.fromJson(left.toJson()).truncation()).isEqualTo(left.truncation());
    }

    @Test
    void vocabularyAccessors() throws Exception {
        Tokenizer t = Tokenizer.fromJson(bert());
        assertThat(t.tokenToId("[CLS]")).isEqualTo(101);
        assertThat(t.idToToken(7592)).isEqualTo("hello");
        assertThat(t.tokenToId("no-such-token")).isEqualTo(-1);
        assertThat(t.idToToken(10_000_000)).isNull();
        assertThat(t.vocabSize(false)).isEqualTo(30522);
        assertThat(t.vocabSize(true)).isEqualTo(30522);
    }
}
