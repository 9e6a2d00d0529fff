package dev.hubkit.tokenizers.text;

import java.nio.charset.StandardCharsets;

/** GPT-2's byte-to-char table: every byte maps to a printable char ({@code ' '} becomes {@code 'Ġ'}). */
public final class ByteLevelAlphabet {
    private static final char[] BYTE_CHAR = new char[256];
    private static final int[] CHAR_BYTE = new int[0x200];

    static {
        java.util.Arrays.fill(CHAR_BYTE, -1);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + n++);
            BYTE_CHAR[b] = c;
            CHAR_BYTE[c] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    /** The char standing for byte {@code b}. */
    public static char charOf(int b) {
        return BYTE_CHAR[b & 0xFF];
    }

    /** The byte a byte-level char stands for, or -1. */
    public static int byteOf(int c) {
        return c >= 0 && c < CHAR_BYTE.length ? CHAR_BYTE[c] : -1;
    }

    /** Replaces every char by the byte-level chars of its UTF-8 bytes (extra bytes count as insertions). */
    public static void toByteLevel(NormalizedString ns) {
        int n = ns.length();
        NormalizedString.Edit e = ns.edit();
        String s = ns.get();
        byte[] tmp = new byte[4];
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            int k = utf8(cp, tmp);
            for (int j = 0; j < k; j++) {
                e.add(BYTE_CHAR[tmp[j] & 0xFF], j > 0 ? 1 : 0);
            }
            i += Character.charCount(cp);
        }
        e.apply(0);
    }

    /** Byte-level string of {@code s}'s UTF-8 bytes. */
    public static String encode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        char[] c = new char[b.length];
        for (int i = 0; i < b.length; i++) {
            c[i] = BYTE_CHAR[b[i] & 0xFF];
        }
        return new String(c);
    }

    /** UTF-8 encodes {@code cp} into {@code out}, returning the byte count (lone surrogates become U+FFFD). */
    public static int utf8(int cp, byte[] out) {
        if (cp < 0x80) {
            out[0] = (byte) cp;
            return 1;
        } else if (cp < 0x800) {
            out[0] = (byte) (0xC0 | (cp >> 6));
            out[1] = (byte) (0x80 | (cp & 0x3F));
            return 2;
        } else if (cp < 0x10000) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                cp = 0xFFFD;
            }
            out[0] = (byte) (0xE0 | (cp >> 12));
            out[1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[2] = (byte) (0x80 | (cp & 0x3F));
            return 3;
        } else {
            out[0] = (byte) (0xF0 | (cp >> 18));
            out[1] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            out[2] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[3] = (byte) (0x80 | (cp & 0x3F));
            return 4;
        }
    }
}
