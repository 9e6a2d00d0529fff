package dev.hubkit.tokenizers.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.tokenizers.TokenizerException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The packed pair table, its map fallback and the char-pool merge list used while loading BPE models. */
class PairRanksAndMergeListTest {

    @Test
    void packedAndFallbackTablesAgreeWithAMap() {
        Random r = new Random(7);
        for (int maxId : new int[] {1_000, 3_000_000}) { // the second needs the fallback (ids over 21 bits)
            int n = 5_000;
            int[] lefts = new int[n];
            int[] rights = new int[n];
            Map<Long, Integer> expected = new LinkedHashMap<>();
            for (int k = 0; k < n; k++) {
                lefts[k] = r.nextInt(maxId);
                rights[k] = r.nextInt(maxId);
            }
            lefts[n - 1] = lefts[0]; // a duplicate pair: the later rank wins, as in a map
            rights[n - 1] = rights[0];
            for (int k = 0; k < n; k++) {
                expected.put(((long) lefts[k] << 32) | rights[k], k);
            }
            PairRanks table = new PairRanks(lefts, rights, n);
            assertThat(table.size()).isEqualTo(expected.size());
            for (Map.Entry<Long, Integer> e : expected.entrySet()) {
                int a = (int) (e.getKey() >>> 32);
                int b = (int) (long) e.getKey();
                assertThat(table.get(a, b)).isEqualTo(e.getValue());
            }
            for (int k = 0; k < 2_000; k++) {
                int a = r.nextInt(maxId);
                int b = r.nextInt(maxId);
                assertThat(table.get(a, b)).isEqualTo(expected.getOrDefault(((long) a << 32) | b, -1));
            }
            assertThat(table.get(Integer.MAX_VALUE, 0)).isEqualTo(-1);
        }
    }

    @Test
    void mergeListKeepsPairsFromBothSpellings() {
        MergeList ml = new MergeList(1);
        char[] buf = "xxa bcyy".toCharArray();
        ml.add(buf, 2, 3, 1, 6);
        ml.add("with space", "é");
        char[] left = "[ab".toCharArray();
        ml.addLeft(left, 1, 2);
        ml.addRight("c]".toCharArray(), 0, 1);
        for (int k = 0; k < 100; k++) { // grows the pool and the bounds
            ml.add("t" + k, "u" + k);
        }
        assertThat(ml.size()).isEqualTo(103);
        assertThat(ml.get(0)).containsExactly("a", "bc");
        assertThat(ml.get(1)).containsExactly("with space", "é");
        assertThat(ml.get(2)).containsExactly("ab", "c");
        assertThat(ml.get(102)).containsExactly("t99", "u99");
    }

    @Test
    void bpeFromAMergeListEqualsBpeFromStringPairs() {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (String t : List.of("a", "b", "c", "##b", "##c", "ab", "abc", "a##b")) {
            vocab.put(t, vocab.size());
        }
        List<String[]> pairs = new ArrayList<>();
        pairs.add(new String[] {"a", "##b"});
        pairs.add(new String[] {"ab", "##c"});
        MergeList ml = new MergeList(2);
        for (String[] p : pairs) {
            ml.add(p[0], p[1]);
        }
        Bpe fromPairs = new Bpe(vocab, pairs, null, "##", null, false, false, false);
        Bpe fromPool = new Bpe(new LinkedHashMap<>(vocab), ml, null, "##", null, false, false, false);
        for (String w : List.of("abc", "ab", "a", "cab", "bca")) {
            List<String> x = new ArrayList<>();
            List<String> y = new ArrayList<>();
            fromPairs.tokenize(w, (id, tok, s, e) -> x.add(id + tok + s + e));
            fromPool.tokenize(w, (id, tok, s, e) -> y.add(id + tok + s + e));
            assertThat(y).as(w).isEqualTo(x);
        }
        assertThat(fromPool.merges()).hasSize(2);
        assertThat(fromPool.merges().get(1)).containsExactly("ab", "##c");
    }

    @Test
    void mergeListErrorsNameTheMergeAndToken() {
        Map<String, Integer> vocab = new LinkedHashMap<>(Map.of("a", 0, "b", 1, "ab", 2));
        MergeList missing = new MergeList(2);
        missing.add("a", "b");
        missing.add("a", "zz");
        assertThatThrownBy(() -> new Bpe(vocab, missing, null, null, null, false, false, false))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("model.merges[1]")
                .hasMessageContaining("'zz' is not in model.vocab");
        MergeList noMerged = new MergeList(1);
        noMerged.add("b", "a");
        assertThatThrownBy(() -> new Bpe(vocab, noMerged, null, null, null, false, false, false))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("merged token 'ba'");
    }
}
