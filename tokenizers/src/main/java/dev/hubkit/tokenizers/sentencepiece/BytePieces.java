package dev.hubkit.tokenizers.sentencepiece;

/** The byte-fallback piece names {@code <0x00>} ... {@code <0xFF>}. */
final class BytePieces {
    private static final String[] NAMES = new String[256];

    static {
        for (int i = 0; i < 256; i++) {
            NAMES[i] = String.format("<0x%02X>", i);
        }
    }

    private BytePieces() {
    }

    static String byteToPiece(int b) {
        return NAMES[b & 0xFF];
    }

    /** The byte a piece names, or -1 if it is not exactly {@code <0xNN>} with upper-case hex. */
    static int pieceToByte(String piece) {
        if (piece.length() != 6 || !piece.startsWith("<0x") || piece.charAt(5) != '>') {
            return -1;
        }
        int hi = hex(piece.charAt(3));
        int lo = hex(piece.charAt(4));
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
