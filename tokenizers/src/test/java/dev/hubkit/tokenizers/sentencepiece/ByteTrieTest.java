package dev.hubkit.tokenizers.sentencepiece;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The double-array trie against a hash map of the same keys. */
class ByteTrieTest {
    @Test
    void findsExactlyTheKeysAndLongestPrefixes() {
        Random random = new Random(3);
        for (int round = 0; round < 5; round++) {
            int alphabet = round == 0 ? 256 : 2 + random.nextInt(20);
            Map<String, Integer> keys = new HashMap<>();
            ByteTrie.Builder builder = new ByteTrie.Builder();
            for (int i = 0; i < 3000; i++) {
                byte[] key = randomBytes(random, alphabet, 1 + random.nextInt(6));
                builder.add(key, i);
                keys.put(hex(key, 0, key.length), i); // a later add overwrites, as in the builder
            }
            ByteTrie trie = builder.build();
            for (int i = 0; i < 20000; i++) {
                byte[] text = randomBytes(random, alphabet, 1 + random.nextInt(8));
                Integer want = keys.get(hex(text, 0, text.length));
                assertThat(trie.get(text, 0, text.length)).isEqualTo(want == null ? ByteTrie.NO_VALUE : want);
                int longest = 0;
                for (int k = 1; k <= text.length; k++) {
                    if (keys.containsKey(hex(text, 0, k))) {
                        longest = k;
                    }
                }
                assertThat(trie.longestPrefix(text, 0, text.length)).isEqualTo(longest);
                int node = ByteTrie.root();
                for (int k = 0; k < text.length && node != ByteTrie.DEAD; k++) {
                    node = trie.next(node, text[k]);
                    if (node != ByteTrie.DEAD) {
                        Integer v = keys.get(hex(text, 0, k + 1));
                        assertThat(trie.value(node)).isEqualTo(v == null ? ByteTrie.NO_VALUE : v);
                    }
                }
            }
        }
    }

    @Test
    void emptyTrieFindsNothing() {
        ByteTrie trie = new ByteTrie.Builder().build();
        byte[] text = {1, 2, 3};
        assertThat(trie.get(text, 0, 3)).isEqualTo(ByteTrie.NO_VALUE);
        assertThat(trie.longestPrefix(text, 0, 3)).isZero();
        assertThat(trie.next(ByteTrie.root(), (byte) 0)).isEqualTo(ByteTrie.DEAD);
    }

    private static byte[] randomBytes(Random random, int alphabet, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (alphabet == 256 ? random.nextInt(256) : 'a' + random.nextInt(alphabet));
        }
        return b;
    }

    private static String hex(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
