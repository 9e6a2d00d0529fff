package dev.hubkit.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The piece cache answers only for the exact chars it stored, whatever the hash says. */
class ByteLevelPieceCacheTest {
    @Test
    void hitsOnlyTheSameChars() {
        ByteLevelPieceCache cache = new ByteLevelPieceCache(4);
        char[] ab = "abc".toCharArray();
        int[] tokens = {7, 0, 3};
        cache.put(ab, 2, 5, tokens);
        assertThat(cache.get("abz".toCharArray(), 2, 5)).isSameAs(tokens); // only the first 2 chars count
        assertThat(cache.get("abc".toCharArray(), 3, 5)).isNull(); // longer
        assertThat(cache.get("a".toCharArray(), 1, 5)).isNull(); // shorter
        assertThat(cache.get("xy".toCharArray(), 2, 5)).isNull(); // same hash, other chars
        assertThat(cache.get(ab, 2, 6)).isNull(); // other hash
    }

    @Test
    void bucketNeighbourHoldsASecondEntryAndLongPiecesAreNotCached() {
        ByteLevelPieceCache cache = new ByteLevelPieceCache(4);
        int[] first = {1, 0, 1};
        int[] second = {2, 0, 1};
        cache.put(new char[] {'a'}, 1, 3, first);
        cache.put(new char[] {'b'}, 1, 3, second);
        assertThat(cache.get(new char[] {'a'}, 1, 3)).isSameAs(first);
        assertThat(cache.get(new char[] {'b'}, 1, 3)).isSameAs(second);
        char[] longPiece = new char[ByteLevelPieceCache.MAX_CHARS + 1];
        cache.put(longPiece, longPiece.length, 9, new int[] {3, 0, longPiece.length});
        assertThat(cache.get(longPiece, longPiece.length, 9)).isNull();
    }

    @Test
    void spreadMixesHighBitsIntoTheIndex() {
        assertThat(ByteLevelPieceCache.spread(1 << 20) & 0xFFFF).isNotZero();
    }
}
