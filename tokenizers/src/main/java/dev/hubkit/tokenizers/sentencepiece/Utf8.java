package dev.hubkit.tokenizers.sentencepiece;

import java.util.Arrays;

/** UTF-8 helpers with sentencepiece's exact semantics (lead-byte lengths, validity rules). */
final class Utf8 {
    private static final byte[] ONE_CHAR_LEN = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
    static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private Utf8() {
    }

    /** Length of the UTF-8 sequence that starts with {@code lead}, judged by its lead byte only. */
    static int oneCharLen(byte lead) {
        return ONE_CHAR_LEN[(lead & 0xFF) >>> 4];
    }

    /** UTF-8 bytes of a Java string plus, for every byte offset, the UTF-16 offset it starts at. */
    record Encoded(byte[] bytes, int[] utf16Offset) {
    }

    /**
     * Encodes {@code s} as UTF-8. Unpaired surrogates become U+FFFD. {@code utf16Offset} has
     * {@code bytes.length + 1} entries: the UTF-16 index of the character each byte belongs to
     * (rounded down), and the string length at the end.
     */
    static Encoded encode(String s) {
        int n = s.length();
        byte[] out = new byte[n * 3];
        int[] map = new int[n * 3 + 1];
        int o = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int start = i;
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                cp = Character.toCodePoint(c, s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                cp = 0xFFFD;
            }
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (o + len > out.length) {
                out = Arrays.copyOf(out, out.length * 2 + 4);
                map = Arrays.copyOf(map, out.length + 1);
            }
            switch (len) {
                case 1 -> out[o] = (byte) cp;
                case 2 -> {
                    out[o] = (byte) (0xC0 | (cp >> 6));
                    out[o + 1] = (byte) (0x80 | (cp & 0x3F));
                }
                case 3 -> {
                    out[o] = (byte) (0xE0 | (cp >> 12));
                    out[o + 1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    out[o + 2] = (byte) (0x80 | (cp & 0x3F));
                }
                default -> {
                    out[o] = (byte) (0xF0 | (cp >> 18));
                    out[o + 1] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    out[o + 2] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    out[o + 3] = (byte) (0x80 | (cp & 0x3F));
                }
            }
            for (int k = 0; k < len; k++) {
                map[o + k] = start;
            }
            o += len;
        }
        map[o] = n;
        return new Encoded(Arrays.copyOf(out, o), Arrays.copyOf(map, o + 1));
    }

    private static boolean isTrail(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static boolean isValidCodepoint(int c) {
        return c < 0xD800 || (c >= 0xE000 && c <= 0x10FFFF);
    }

    /**
     * Length of the valid UTF-8 character at {@code pos}, or the negated length 1 ({@code -1}) when
     * the bytes there are malformed, exactly as sentencepiece's IsValidDecodeUTF8 decides
     * (a literal U+FFFD counts as valid).
     */
    static int validCharLen(byte[] b, int pos, int end) {
        int len = end - pos;
        int b0 = b[pos] & 0xFF;
        if (b0 < 0x80) {
            return 1;
        }
        if (len >= 2 && (b0 & 0xE0) == 0xC0) {
            int cp = ((b0 & 0x1F) << 6) | (b[pos + 1] & 0x3F);
            if (isTrail(b[pos + 1]) && cp >= 0x80 && isValidCodepoint(cp)) {
                return 2;
            }
        } else if (len >= 3 && (b0 & 0xF0) == 0xE0) {
            int cp = ((b0 & 0x0F) << 12) | ((b[pos + 1] & 0x3F) << 6) | (b[pos + 2] & 0x3F);
            if (isTrail(b[pos + 1]) && isTrail(b[pos + 2]) && cp >= 0x800 && isValidCodepoint(cp)) {
                return 3;
            }
        } else if (len >= 4 && (b0 & 0xF8) == 0xF0) {
            int cp = ((b0 & 0x07) << 18) | ((b[pos + 1] & 0x3F) << 12) | ((b[pos + 2] & 0x3F) << 6)
                    | (b[pos + 3] & 0x3F);
            if (isTrail(b[pos + 1]) && isTrail(b[pos + 2]) && isTrail(b[pos + 3]) && cp >= 0x10000
                    && isValidCodepoint(cp)) {
                return 4;
            }
        }
        return -1;
    }
}
