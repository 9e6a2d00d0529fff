package dev.hubkit.tokenizers;

import dev.hubkit.tokenizers.models.Bpe;
import dev.hubkit.tokenizers.models.Unigram;
import dev.hubkit.tokenizers.models.WordPiece;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Model algorithms on small vocabularies. */
class ModelsTest {

    static List<String> tokens(dev.hubkit.tokenizers.models.Model m, String word) {
        List<String> out = new ArrayList<>();
        m.tokenize(word, (id, tok, s, e) -> out.add(tok + "@" + s + "-" + e));
        return out;
    }

    @Test
    void bpeMergesByRankThenPosition() {
        Map<String, Integer> vocab = Map.of("a", 0, "b", 1, "ab", 2, "ba", 3, "aba", 4, "<unk>", 5);
        // "b a" has the better rank, so "aba" → a + ba, not ab + a
        Bpe bpe = new Bpe(vocab, List.<String[]>of(new String[] {"b", "a"}, new String[] {"a", "b"}), "<unk>", null, null,
                false, false, false);
        assertThat(tokens(bpe, "aba")).containsExactly("a@0-1", "ba@1-3");
        assertThat(tokens(bpe, "abab")).containsExactly("a@0-1", "ba@1-3", "b@3-4");
        assertThat(tokens(bpe, "xxab")).containsExactly("<unk>@0-1", "<unk>@1-2", "ab@2-4");
        Bpe fused = new Bpe(vocab, List.<String[]>of(new String[] {"a", "b"}), "<unk>", null, null, true, false, false);
        assertThat(tokens(fused, "xxab")).containsExactly("<unk>@0-2", "ab@2-4");
    }

    @Test
    void bpeByteFallbackAndIgnoreMerges() {
        Map<String, Integer> vocab = new java.util.HashMap<>(Map.of("a", 0, "<0xC3>", 1, "<0xA9>", 2, "aa", 3,
                "aaa", 4));
        Bpe bpe = new Bpe(vocab, List.<String[]>of(new String[] {"a", "a"}), null, null, null, false, true, false);
        assertThat(tokens(bpe, "éa")).containsExactly("<0xC3>@0-1", "<0xA9>@0-1", "a@1-2");
        assertThat(tokens(bpe, "aaa")).containsExactly("aa@0-2", "a@2-3");
        Bpe ignore = new Bpe(vocab, List.<String[]>of(new String[] {"a", "a"}), null, null, null, false, true, true);
        assertThat(tokens(ignore, "aaa")).containsExactly("aaa@0-3");
    }

    @Test
    void wordPieceGreedyAndLimits() {
        Map<String, Integer> vocab = Map.of("[UNK]", 0, "un", 1, "##aff", 2, "##able", 3, "una", 4, "##ff", 5);
        WordPiece wp = new WordPiece(vocab, "[UNK]", "##", 8);
        assertThat(tokens(wp, "unaffable")).containsExactly("[UNK]@0-9");
        WordPiece wide = new WordPiece(vocab, "[UNK]", "##", 100);
        assertThat(tokens(wide, "unaffable")).containsExactly("una@0-3", "##ff@3-5", "##able@5-9");
        assertThat(tokens(wide, "unx")).containsExactly("[UNK]@0-3");
    }

    @Test
    void unigramViterbiAndUnknownFusion() {
        List<String> pieces = List.of("<unk>", "a", "b", "ab", "abc", "c");
        List<Double> scores = List.of(0.0, -1.0, -1.0, -1.5, -5.0, -1.0);
        Unigram u = new Unigram(pieces, scores, 0, false);
        assertThat(tokens(u, "abc")).containsExactly("ab@0-2", "c@2-3");
        assertThat(tokens(u, "xyab")).containsExactly("xy@0-2", "ab@2-4");
        assertThat(u.tokenToId("ab")).isEqualTo(3);
    }
}
