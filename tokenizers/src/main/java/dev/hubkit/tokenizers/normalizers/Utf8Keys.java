package dev.hubkit.tokenizers.normalizers;

/**
 * UTF-8 encoding of single code points into a caller's buffer, as {@link String#getBytes} with UTF-8 would give
 * them (a lone surrogate becomes {@code '?'}), for trie lookups without allocating.
 */
final class Utf8Keys {
    private Utf8Keys() {
    }

    /** Encoded length of {@code cp}. */
    static int length(int cp) {
        if (cp < 0x80) {
            return 1;
        }
        if (cp < 0x800) {
            return 2;
        }
        if (cp < 0x10000) {
            return Character.isSurrogate((char) cp) ? 1 : 3;
        }
        return 4;
    }

    /** Encodes {@code cp} at {@code key[0]}; returns the length. */
    static int encode(int cp, byte[] key) {
        return encode(cp, key, 0);
    }

    /** Encodes {@code cp} at {@code key[at]}; returns the length. */
    static int encode(int cp, byte[] key, int at) {
        if (cp < 0x80) {
            key[at] = (byte) cp;
            return 1;
        }
        if (cp < 0x800) {
            key[at] = (byte) (0xC0 | (cp >> 6));
            key[at + 1] = (byte) (0x80 | (cp & 0x3F));
            return 2;
        }
        if (cp < 0x10000) {
            if (Character.isSurrogate((char) cp)) {
                key[at] = '?';
                return 1;
            }
            key[at] = (byte) (0xE0 | (cp >> 12));
            key[at + 1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            key[at + 2] = (byte) (0x80 | (cp & 0x3F));
            return 3;
        }
        key[at] = (byte) (0xF0 | (cp >> 18));
        key[at + 1] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        key[at + 2] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        key[at + 3] = (byte) (0x80 | (cp & 0x3F));
        return 4;
    }
}
