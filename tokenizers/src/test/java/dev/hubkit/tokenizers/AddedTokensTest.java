package dev.hubkit.tokenizers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Added-token matching (single_word, lstrip, rstrip, normalized, special) as in the Rust library's own tests. */
class AddedTokensTest {

    static String added(String content, int id, boolean special, boolean single, boolean l, boolean r, boolean norm) {
        return "{\"id\":" + id + ",\"content\":\"" + content + "\",\"single_word\":" + single + ",\"lstrip\":" + l
                + ",\"rstrip\":" + r + ",\"normalized\":" + norm + ",\"special\":" + special + "}";
    }

    static Tokenizer tokenizer(String addedTokens) {
        return Tokenizer.fromJson("{\"added_tokens\":[" + addedTokens + "],"
                + "\"normalizer\":{\"type\":\"Lowercase\"},"
                + "\"pre_tokenizer\":{\"type\":\"WhitespaceSplit\"},"
                + "\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"<unk>\":0,\"is\":1,\"anthony\":2,\"a\":3},"
                + "\"unk_token\":\"<unk>\"}}");
    }

    @Test
    void optionsUseCases() {
        Tokenizer t = tokenizer(String.join(",",
                added("my", 4, false, false, true, true, true),
                added("name", 5, false, false, false, false, true),
                added("ony", 6, false, true, false, false, true),
                added("[CLS]", 7, true, false, false, false, false),
                added("[SEP]", 8, true, false, false, false, false)));
        String text = "[CLS] My name is Anthony [SEP]";
        Encoding e = t.encode(text);
        assertThat(e.tokens()).containsExactly("[CLS]", " my ", "name", "is", "anthony", "[SEP]");
        assertThat(e.ids()).containsExactly(7, 4, 5, 1, 2, 8);
        assertThat(e.offsets()[1]).containsExactly(5, 9);
        assertThat(e.wordIds()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void singleWord() {
        Tokenizer t = tokenizer(added("<mask>", 4, false, true, false, false, true));
        Encoding e = t.encode("<mask> My name <mask> A<mask> <mask>ony <mask>");
        long masks = java.util.Arrays.stream(e.ids()).filter(i -> i == 4).count();
        assertThat(masks).isEqualTo(3);
        assertThat(e.ids()[0]).isEqualTo(4);
        assertThat(e.ids()[e.length() - 1]).isEqualTo(4);
    }

    @Test
    void lstripRstripUnicodeSpaces() {
        Tokenizer t = tokenizer(added("<mask>", 4, false, true, true, true, true));
        Encoding e = t.encode("Hi <mask> there\t<mask>\t<mask>\u2000");
        assertThat(e.tokens()).containsExactly("<unk>", " <mask> ", "<unk>", "\t<mask>\t", "<mask>\u2000");
    }

    /**
     * The next added token is searched from the end of the previous match, not from the end of its rstrip: a
     * token whose content starts with whitespace still matches inside that whitespace, clamped by its lstrip or,
     * without lstrip, overlapping the previous split (expected values from the Rust library, 0.22 and 0.23).
     */
    @Test
    void matchInsidePreviousRstrip() {
        Tokenizer t = Tokenizer.fromJson("{\"added_tokens\":[" + String.join(",",
                added(" world", 4, false, false, true, true, true),
                added("<x>", 5, true, false, false, true, false),
                added(" y", 6, false, false, false, false, false)) + "],"
                + "\"normalizer\":{\"type\":\"Lowercase\"},\"pre_tokenizer\":{\"type\":\"WhitespaceSplit\"},"
                + "\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"<unk>\":0,\"is\":1,\"world\":2,\"a\":3},"
                + "\"unk_token\":\"<unk>\"}}");
        Encoding e = t.encode(" world world ");
        assertThat(e.tokens()).containsExactly(" world ", "world ");
        assertThat(e.ids()).containsExactly(4, 4);
        assertThat(e.offsets()[1]).containsExactly(7, 13);
        assertThat(t.encode("a World  world a").tokens()).containsExactly("a", " world  ", "world ", "a");
        Encoding overlap = t.encode("<x>  y a");
        assertThat(overlap.tokens()).containsExactly("<x>  ", " y", "a");
        assertThat(overlap.offsets()[0]).containsExactly(0, 5);
        assertThat(overlap.offsets()[1]).containsExactly(4, 6);
    }

    @Test
    void specialTokensSkippedWhenDecoding() {
        Tokenizer t = tokenizer(String.join(",", added("[CLS]", 4, true, false, false, false, false),
                added("name", 5, false, false, false, false, true)));
        int[] ids = t.encode("[CLS] a name").ids();
        assertThat(ids).containsExactly(4, 3, 5);
        assertThat(t.decode(ids, false)).isEqualTo("[CLS] a name");
        assertThat(t.decode(ids, true)).isEqualTo("a name");
        assertThat(t.vocabSize(false)).isEqualTo(4);
        assertThat(t.vocabSize(true)).isEqualTo(6);
        assertThat(t.tokenToId("name")).isEqualTo(5);
        assertThat(t.idToToken(4)).isEqualTo("[CLS]");
    }
}
