package dev.hubkit.tokenizers.sentencepiece;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The piece table with sentencepiece's lookup rules: NORMAL, USER_DEFINED and UNUSED pieces are
 * "normal" pieces, the others are reserved; reserved pieces are looked up first; anything
 * unknown maps to the unk id.
 */
final class Vocab {
    final String[] pieces;
    final byte[][] pieceBytes;
    final float[] scores;
    final PieceType[] types;
    final int unkId;
    final boolean byteFallback;
    /** Id of the byte piece {@code <0xNN>} for each byte, or -1 when byte fallback is off. */
    final int[] byteIds;
    /** User-defined symbols (null when there are none). */
    final ByteTrie userSymbols;
    private final Map<String, Integer> normal;
    private final Map<String, Integer> reserved;

    Vocab(String[] pieces, byte[][] pieceBytes, float[] scores, PieceType[] types, int unkId, boolean byteFallback,
          int[] byteIds, ByteTrie userSymbols, Map<String, Integer> normal, Map<String, Integer> reserved) {
        this.pieces = pieces;
        this.pieceBytes = pieceBytes;
        this.scores = scores;
        this.types = types;
        this.unkId = unkId;
        this.byteFallback = byteFallback;
        this.byteIds = byteIds;
        this.userSymbols = userSymbols;
        this.normal = normal;
        this.reserved = reserved;
    }

    int size() {
        return pieces.length;
    }

    /** sentencepiece's PieceToId: reserved pieces first, then normal ones, else unk. */
    int pieceToId(String piece) {
        Integer id = reserved.get(piece);
        if (id == null) {
            id = normal.get(piece);
        }
        return id == null ? unkId : id;
    }

    /** Id of a normal (NORMAL/USER_DEFINED/UNUSED) piece, or -1. */
    int normalPieceId(String piece) {
        Integer id = normal.get(piece);
        return id == null ? -1 : id;
    }

    int pieceToId(byte[] text, int begin, int end) {
        return pieceToId(new String(text, begin, end - begin, StandardCharsets.UTF_8));
    }

    /** Length of the user-defined symbol at {@code pos}, else the length of one character (capped). */
    int prefixMatch(byte[] text, int pos, int end) {
        if (userSymbols != null) {
            int m = userSymbols.longestPrefix(text, pos, end);
            if (m > 0) {
                return m;
            }
        }
        return Math.min(end - pos, Utf8.oneCharLen(text[pos]));
    }

    boolean isUserSymbolAt(byte[] text, int pos, int end) {
        return userSymbols != null && userSymbols.longestPrefix(text, pos, end) > 0;
    }
}
