package dev.hubkit.tokenizers.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * BPE merge order against a plain reference (merge the lowest-ranked adjacent pair, leftmost on ties, until
 * none is left) on random merge tables, including merges that produce the same token from different pairs,
 * and words short and long enough to take both of {@link Bpe}'s merge loops.
 */
class BpeMergeOrderTest {
    private static final String ALPHABET = "abcde";

    @Test
    void mergesLikeTheReference() {
        Random random = new Random(7);
        for (int table = 0; table < 20; table++) {
            Map<String, Integer> vocab = new LinkedHashMap<>();
            List<String> tokens = new ArrayList<>();
            for (char c : ALPHABET.toCharArray()) {
                vocab.put(String.valueOf(c), vocab.size());
                tokens.add(String.valueOf(c));
            }
            List<String[]> merges = new ArrayList<>();
            Map<String, Integer> rank = new HashMap<>();
            while (merges.size() < 60) {
                String a = tokens.get(random.nextInt(tokens.size()));
                String b = tokens.get(random.nextInt(tokens.size()));
                if (a.length() + b.length() > 8 || rank.containsKey(a + " " + b)) {
                    continue;
                }
                rank.put(a + " " + b, merges.size());
                merges.add(new String[] {a, b});
                if (!vocab.containsKey(a + b)) {
                    vocab.put(a + b, vocab.size());
                    tokens.add(a + b);
                }
            }
            Bpe bpe = new Bpe(vocab, merges, null, null, null, false, false, false);
            for (int w = 0; w < 300; w++) {
                int len = 1 + random.nextInt(w % 3 == 0 ? 150 : 20);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < len; i++) {
                    sb.append(ALPHABET.charAt(random.nextInt(random.nextBoolean() ? 2 : ALPHABET.length())));
                }
                String word = sb.toString();
                List<String> actual = new ArrayList<>();
                List<Integer> ends = new ArrayList<>();
                bpe.tokenize(word, (id, token, start, end) -> {
                    actual.add(token);
                    assertThat(vocab.get(token)).isEqualTo(id);
                    assertThat(word.substring(start, end)).isEqualTo(token);
                    ends.add(end);
                });
                assertThat(actual).as("word %s (table %d)", word, table).isEqualTo(reference(word, rank));
                bpe.tokenize(word, (id, token, start, end) -> { }); // second time from the cache
            }
        }
    }

    private static List<String> reference(String word, Map<String, Integer> rank) {
        List<String> parts = new ArrayList<>();
        for (char c : word.toCharArray()) {
            parts.add(String.valueOf(c));
        }
        while (true) {
            int best = Integer.MAX_VALUE;
            int at = -1;
            for (int i = 0; i + 1 < parts.size(); i++) {
                Integer r = rank.get(parts.get(i) + " " + parts.get(i + 1));
                if (r != null && r < best) {
                    best = r;
                    at = i;
                }
            }
            if (at < 0) {
                return parts;
            }
            parts.set(at, parts.get(at) + parts.remove(at + 1));
        }
    }
}
