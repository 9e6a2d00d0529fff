package dev.hubkit.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Llama-2-style BPE with byte fallback and T5-style Unigram/Metaspace against the Rust library. */
class SentencePieceStyleParityTest {
    @TempDir
    Path dir;

    static final List<String> TEXTS = List.of(
            "the quick brown fox jumps over the lazy dog",
            "Hello world! This is interesting information.",
            "",
            " leading and trailing ",
            "multiple   spaces   here",
            "unknown chars: ÆØÅ 你好 😀 ü",
            "</s> special <s> tokens <unk> in text",
            "tokenizers tokenize tokens into international interviews",
            "ﬁ ① Ⅻ full-width ＡＢＣ");

    @Test
    void llama2StyleBpeWithByteFallback() throws Exception {
        try (DjlOracle o = new DjlOracle(DjlOracle.writeJson(SentencePieceFixtures.llama2Style(), dir), true)) {
            for (String t : TEXTS) {
                o.check(t, true);
                o.check(t, false);
            }
            o.checkPair("the fox", "the dog");
        }
    }

    /**
     * Scores from a Unigram tokenizer that the Python tokenizers library trained: "-", "--" then "-" score
     * the same as "--" then "-" up to the last bit, and which wins depends on how the score text becomes a
     * double. The Rust library's JSON parser rounds 17-digit numbers twice (see RustJsonFloats); reading
     * them correctly rounded picked the other segmentation.
     */
    @Test
    void unigramNearTieFollowsTheRustLibrarysReadingOfScores() throws Exception {
        String json = """
                {"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,
                 "pre_tokenizer":{"type":"Metaspace","replacement":"\u2581","prepend_scheme":"always","split":true},
                 "post_processor":null,
                 "decoder":{"type":"Metaspace","replacement":"\u2581","prepend_scheme":"always","split":true},
                 "model":{"type":"Unigram","unk_id":0,"byte_fallback":false,"vocab":[["<unk>",0.0],
                   ["\u2581",-2.981784957467246],["-",-6.893252881994472],["--",-9.174265230524119]]}}
                """;
        try (DjlOracle o = new DjlOracle(DjlOracle.writeJson(json, dir), false)) {
            for (String t : List.of("---", "-----", "--- --", "-------")) {
                o.check(t, false);
            }
            assertThat(o.ours.encode("---", false).tokens()).containsExactly("\u2581", "-", "--");
        }
    }

    @Test
    void unigramMetaspace() throws Exception {
        List<String> variants = new ArrayList<>();
        for (String scheme : List.of("always", "first", "never")) {
            for (boolean bf : List.of(false, true)) {
                try (DjlOracle o = new DjlOracle(
                        DjlOracle.writeJson(SentencePieceFixtures.unigramMetaspace(scheme, bf), dir), true)) {
                    for (String t : TEXTS) {
                        o.check(t, true);
                        o.check(t, false);
                    }
                    o.checkPair("the fox", "the dog");
                }
                variants.add(scheme + bf);
            }
        }
    }
}
