package dev.hubkit.tokenizers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Malformed and unsupported tokenizer.json files raise TokenizerException naming the JSON path. */
class TokenizerJsonErrorsTest {
    static final String MODEL = "{\"type\":\"WordLevel\",\"vocab\":{\"a\":0,\"<unk>\":1},\"unk_token\":\"<unk>\"}";

    static String with(String extra) {
        return "{" + extra + (extra.isEmpty() ? "" : ",") + "\"model\":" + MODEL + "}";
    }

    @Test
    void minimalFileLoads() {
        Tokenizer t = Tokenizer.fromJson(with(""));
        assertThat(t.encode("a").ids()).containsExactly(0);
        assertThat(t.encode("b").ids()).containsExactly(1);
    }

    @Test
    void unknownPreTokenizerInSequenceNamesPath() {
        String json = with("\"pre_tokenizer\":{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Whitespace\"},"
                + "{\"type\":\"Frobnicate\"}]}");
        assertThatThrownBy(() -> Tokenizer.fromJson(json)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("pre_tokenizer.pretokenizers[1].type")
                .hasMessageContaining("Frobnicate")
                .hasMessageContaining("Metaspace");
    }

    @Test
    void unknownNormalizerDecoderProcessorModel() {
        assertThatThrownBy(() -> Tokenizer.fromJson(with("\"normalizer\":{\"type\":\"Nope\"}")))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("normalizer.type")
                .hasMessageContaining("BertNormalizer");
        assertThatThrownBy(() -> Tokenizer.fromJson(with("\"decoder\":{\"type\":\"Nope\"}")))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("decoder.type");
        assertThatThrownBy(() -> Tokenizer.fromJson(with("\"post_processor\":{\"type\":\"Nope\"}")))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("post_processor.type");
        assertThatThrownBy(() -> Tokenizer.fromJson("{\"model\":{\"type\":\"Nope\",\"vocab\":{}}}"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("model.type")
                .hasMessageContaining("WordPiece");
    }

    @Test
    void malformedJson() {
        assertThatThrownBy(() -> Tokenizer.fromJson("{\"model\": {"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> Tokenizer.fromJson("[1,2]"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("object");
        assertThatThrownBy(() -> Tokenizer.fromJson("{}"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("model");
    }

    @Test
    void wrongFieldTypes() {
        assertThatThrownBy(() -> Tokenizer.fromJson(with("\"normalizer\":{\"type\":\"BertNormalizer\","
                + "\"lowercase\":\"yes\"}")))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("normalizer.lowercase")
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> Tokenizer.fromJson("{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"a\":\"x\"}}}"))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("model.vocab[\"a\"]");
        assertThatThrownBy(() -> Tokenizer.fromJson(with("\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":"
                + "{\"Regex\":\"(\"},\"behavior\":\"Isolated\"}")))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("pre_tokenizer.pattern.Regex");
        assertThatThrownBy(() -> Tokenizer.fromJson(with("\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":"
                + "{\"String\":\" \"},\"behavior\":\"Sideways\"}")))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("pre_tokenizer.behavior")
                .hasMessageContaining("MergedWithPrevious");
    }

    @Test
    void bpeDropoutIsRefused() {
        String json = "{\"model\":{\"type\":\"BPE\",\"dropout\":0.1,\"vocab\":{\"a\":0},\"merges\":[]}}";
        assertThatThrownBy(() -> Tokenizer.fromJson(json)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("model.dropout").hasMessageContaining("not supported");
        // 0.0 means no dropout, as in the Rust library
        Tokenizer t = Tokenizer.fromJson(json.replace("0.1", "0.0"));
        assertThat(t.encode("a").ids()).containsExactly(0);
    }

    @Test
    void badMerges() {
        assertThatThrownBy(() -> Tokenizer.fromJson("{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":1},"
                + "\"merges\":[\"a b\"]}}")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("model.merges[0]").hasMessageContaining("'ab'");
        assertThatThrownBy(() -> Tokenizer.fromJson("{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},"
                + "\"merges\":[\"a\"]}}")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("model.merges[0]");
    }

    @Test
    void missingFile() {
        assertThatThrownBy(() -> Tokenizer.fromFile(java.nio.file.Path.of("/nonexistent/tokenizer.json")))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("not found");
    }

    @Test
    void templateWithUnknownSpecialToken() {
        String json = with("\"post_processor\":{\"type\":\"TemplateProcessing\",\"single\":"
                + "[{\"SpecialToken\":{\"id\":\"[X]\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}}],"
                + "\"pair\":[],\"special_tokens\":{}}");
        assertThatThrownBy(() -> Tokenizer.fromJson(json)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("post_processor").hasMessageContaining("[X]");
    }
}
