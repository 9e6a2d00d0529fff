package dev.hubkit.tokenizers;

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
