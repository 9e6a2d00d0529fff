package dev.hubkit.tokenizers;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The real all-MiniLM-L6-v2 BERT tokenizer.json against the Rust library. */
class BertWordPieceParityTest {
    @TempDir
    static Path dir;
    static DjlOracle oracle;

    static final List<String> TEXTS = List.of(
            "Hello world, tokenizers in Java!",
            "",
            "   ",
            "Héllo Wörld façade naïve CAFÉ",
            "你好世界 hello 日本語テキスト",
            "tab\tnew\nline\r\ncarriage  double  space",
            "unbelievably antidisestablishmentarianism supercalifragilisticexpialidocious",
            "emoji 😀 and 👍🏽 and 🇫🇷 flags",
            "İstanbul ǅ ß ﬁ ﬂ Ⅻ ①",
            "control\u0000chars\u0007 and \ufffd replacement \u200b zero width",
            "[CLS] already [SEP] there [MASK] and [UNK] [PAD]",
            "don't can't won't it's 3.14 1,000,000 $100 #hashtag @user",
            "a".repeat(150) + " short",
            "Ελληνικά русский العربية עברית हिन्दी ไทย",
            "e\u0301 combining a\u0308 and precomposed \u00e9",
            "x".repeat(99) + "y " + "z".repeat(100) + " " + "w".repeat(101));

    @BeforeAll
    static void setUp() throws Exception {
        oracle = new DjlOracle(DjlOracle.resourceToFile("all-minilm-l6-v2-q-tokenizer.json", dir), true);
    }

    @AfterAll
    static void tearDown() {
        oracle.close();
    }

    @Test
    void singleSequencesMatchRust() {
        for (String t : TEXTS) {
            oracle.check(t, true);
            oracle.check(t, false);
        }
    }

    @Test
    void pairsMatchRust() {
        oracle.checkPair("What is the capital of France?", "Paris is the capital and largest city of France.");
        oracle.checkPair("short", "");
    }

    @Test
    void knownIds() {
        Encoding e = oracle.ours.encode("Hello world, tokenizers in Java!");
        assertThat(e.ids()).containsExactly(101, 7592, 2088, 1010, 19204, 17629, 2015, 1999, 9262, 999, 102);
        assertThat(e.offsets()[1]).containsExactly(0, 5);
        assertThat(e.offsets()[0]).containsExactly(0, 0);
        assertThat(e.wordIds()).containsExactly(-1, 0, 1, 2, 3, 3, 3, 4, 5, 6, -1);
    }
}
