package dev.hubkit.tokenizers.sentencepiece;

import dev.hubkit.tokenizers.TokenizerException;

/**
 * sentencepiece's precompiled normalization rules: a little-endian uint32 trie size, a
 * darts-clone double-array trie (uint32 units) mapping UTF-8 prefixes to offsets, then a blob of
 * NUL-terminated replacement strings.
 */
final class PrecompiledCharsMap {
    private final int[] units;
    private final byte[] normalized;
    private final String where;

    private PrecompiledCharsMap(int[] units, byte[] normalized, String where) {
        this.units = units;
        this.normalized = normalized;
        this.where = where;
    }

    /** Parses the blob; {@code where} names the file and field for error messages. */
    static PrecompiledCharsMap parse(byte[] blob, String where) {
        if (blob.length <= 4) {
            throw new TokenizerException(where + ": precompiled_charsmap is broken (" + blob.length
                    + " bytes, needs a 4-byte trie size and a trie). Re-export the model.");
        }
        long trieSize = (blob[0] & 0xFFL) | (blob[1] & 0xFFL) << 8 | (blob[2] & 0xFFL) << 16 | (blob[3] & 0xFFL) << 24;
        if (trieSize >= blob.length || trieSize % 4 != 0 || trieSize == 0) {
            throw new TokenizerException(where + ": precompiled_charsmap declares a trie of " + trieSize
                    + " bytes but the blob holds " + blob.length + " bytes (or the size is not a multiple of 4)."
                    + " The model file is corrupt.");
        }
        int n = (int) (trieSize / 4);
        int[] units = new int[n];
        for (int i = 0; i < n; i++) {
            int p = 4 + i * 4;
            units[i] = (blob[p] & 0xFF) | (blob[p + 1] & 0xFF) << 8 | (blob[p + 2] & 0xFF) << 16 | (blob[p + 3] & 0xFF) << 24;
        }
        byte[] normalized = new byte[blob.length - 4 - (int) trieSize];
        System.arraycopy(blob, 4 + (int) trieSize, normalized, 0, normalized.length);
        return new PrecompiledCharsMap(units, normalized, where);
    }

    private static boolean hasLeaf(int unit) {
        return ((unit >>> 8) & 1) == 1;
    }

    private static int value(int unit) {
        return unit & 0x7FFFFFFF;
    }

    private static int label(int unit) {
        return unit & (0x80000000 | 0xFF);
    }

    private static int offset(int unit) {
        return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    }

    private int unit(int id) {
        if (id < 0 || id >= units.length) {
            throw new TokenizerException(where + ": precompiled_charsmap trie points outside itself (unit " + id
                    + " of " + units.length + "). The model file is corrupt.");
        }
        return units[id];
    }

    /**
     * Longest rule matching a prefix of {@code text[pos, end)}: returns the match length in the high
     * 32 bits and the replacement's offset in the low 32 bits, or -1 when no rule matches.
     * Like sentencepiece, only the first 32 matches are considered.
     */
    long longestMatch(byte[] text, int pos, int end) {
        int id = 0;
        int u = unit(id);
        id ^= offset(u);
        int bestLen = 0;
        int bestValue = 0;
        int found = 0;
        for (int i = pos; i < end; i++) {
            int c = text[i] & 0xFF;
            id ^= c;
            u = unit(id);
            if (label(u) != c) {
                break;
            }
            id ^= offset(u);
            if (hasLeaf(u)) {
                if (found < 32) {
                    bestLen = i + 1 - pos;
                    bestValue = value(unit(id));
                }
                found++;
            }
        }
        return bestLen == 0 ? -1 : ((long) bestLen << 32) | bestValue;
    }

    /** Start of the NUL-terminated replacement at {@code offset}; validated. */
    int replacementStart(int offset) {
        if (offset < 0 || offset >= normalized.length) {
            throw new TokenizerException(where + ": precompiled_charsmap replacement offset " + offset
                    + " is outside the " + normalized.length + "-byte string blob. The model file is corrupt.");
        }
        return offset;
    }

    /** End (exclusive, position of the NUL or the blob end) of the replacement starting at {@code start}. */
    int replacementEnd(int start) {
        int e = start;
        while (e < normalized.length && normalized[e] != 0) {
            e++;
        }
        return e;
    }

    byte[] blob() {
        return normalized;
    }
}
