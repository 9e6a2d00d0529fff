package dev.hubkit.tokenizers;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GPT-2 and Llama-3-style byte-level BPE (real tiktoken vocabularies) against the Rust library. */
class ByteLevelBpeParityTest {
    @TempDir
    static Path dir;
    static DjlOracle gpt2;
    static DjlOracle llama;

    static final List<String> TEXTS = List.of(
            "Hello world, tokenizers in Java!",
            "",
            " leading space and trailing space ",
            "multiple   spaces\tand\ttabs\n\nnewlines\r\n",
            "I'm sure they'll say we've done it, didn't they? HE'S RIGHT",
            "Héllo Wörld façade naïve CAFÉ",
            "你好世界 hello 日本語テキスト",
            "emoji 😀 and 👍🏽 and 🇫🇷 flags",
            "numbers 1234567 3.14159 1,000,000 and 2024-01-01",
            "code: for (int i = 0; i < n; i++) { x += y; }",
            "<|endoftext|> special <|endoftext|>after",
            "<|begin_of_text|>Hi<|end_of_text|>",
            "Ελληνικά русский العربية עברית हिन्दी ไทย",
            "e\u0301 combining and \u00e9 precomposed",
            "   ");

    @BeforeAll
    static void setUp() throws Exception {
        gpt2 = new DjlOracle(DjlOracle.writeJson(TiktokenFixtures.gpt2(), dir), true);
        llama = new DjlOracle(DjlOracle.writeJson(TiktokenFixtures.llama3Style(), dir), true);
    }

    @AfterAll
    static void tearDown() {
        gpt2.close();
        llama.close();
    }

    @Test
    void gpt2MatchesRust() {
        for (String t : TEXTS) {
            gpt2.check(t, true);
        }
    }

    @Test
    void llama3StyleMatchesRust() {
        for (String t : TEXTS) {
            llama.check(t, true);
            llama.check(t, false);
        }
        llama.checkPair("first part", "second part");
    }
}
