package dev.hubkit.tokenizers.sentencepiece;

import java.util.Arrays;

/**
 * sentencepiece's normalizer over UTF-8 bytes: precompiled rules (longest match), user-defined
 * symbols passed through untouched, whitespace trimming/collapsing, the dummy prefix and the
 * {@code ▁} escape. Keeps, for every output byte, the input byte offset it came from.
 */
final class Normalizer {
    static final byte[] SPACE_SYMBOL = {(byte) 0xE2, (byte) 0x96, (byte) 0x81};
    private static final byte[] ONE_SPACE = {' '};

    private final PrecompiledCharsMap charsMap; // null = identity
    private final ByteTrie userSymbols;         // null = none
    private final boolean addDummyPrefix;
    private final boolean removeExtraWhitespaces;
    private final boolean escapeWhitespaces;
    private final boolean treatWhitespaceAsSuffix;

    Normalizer(PrecompiledCharsMap charsMap, ByteTrie userSymbols, boolean addDummyPrefix,
               boolean removeExtraWhitespaces, boolean escapeWhitespaces, boolean treatWhitespaceAsSuffix) {
        this.charsMap = charsMap;
        this.userSymbols = userSymbols;
        this.addDummyPrefix = addDummyPrefix;
        this.removeExtraWhitespaces = removeExtraWhitespaces;
        this.escapeWhitespaces = escapeWhitespaces;
        this.treatWhitespaceAsSuffix = treatWhitespaceAsSuffix;
    }

    /** Normalized bytes and, per byte plus one at the end, the input byte offset. */
    record Result(byte[] bytes, int[] normToOrig) {
    }

    /** One normalization step: replacement {@code src[start, end)} for {@code consumed} input bytes. */
    private static final class Step {
        byte[] src;
        int start;
        int end;
        int consumed;
    }

    private void normalizePrefix(byte[] in, int pos, int len, Step s) {
        if (userSymbols != null) {
            int m = userSymbols.longestPrefix(in, pos, pos + len);
            if (m > 0) {
                s.src = in;
                s.start = pos;
                s.end = pos + m;
                s.consumed = m;
                return;
            }
        }
        if (charsMap != null) {
            long match = charsMap.longestMatch(in, pos, pos + len);
            if (match >= 0) {
                int start = charsMap.replacementStart((int) match);
                s.src = charsMap.blob();
                s.start = start;
                s.end = charsMap.replacementEnd(start);
                s.consumed = (int) (match >>> 32);
                return;
            }
        }
        int cl = Utf8.validCharLen(in, pos, pos + len);
        if (cl < 0) {
            s.src = Utf8.REPLACEMENT;
            s.start = 0;
            s.end = 3;
            s.consumed = 1;
        } else {
            s.src = in;
            s.start = pos;
            s.end = pos + cl;
            s.consumed = cl;
        }
    }

    /** Normalizes {@code in} (UTF-8). */
    Result normalize(byte[] in) {
        int n = in.length;
        if (n == 0) {
            return new Result(new byte[0], new int[] {0});
        }
        Step s = new Step();
        int pos = 0;
        int consumed = 0;
        if (removeExtraWhitespaces) {
            while (pos < n) {
                normalizePrefix(in, pos, n - pos, s);
                if (!(s.end - s.start == 1 && s.src[s.start] == ' ')) {
                    break;
                }
                pos += s.consumed;
                consumed += s.consumed;
            }
        }
        if (pos >= n) {
            return new Result(new byte[0], new int[] {0});
        }
        byte[] out = new byte[Math.max(16, (n - pos) * 3)];
        int[] map = new int[out.length + 1];
        int o = 0;
        byte[] ws = escapeWhitespaces ? SPACE_SYMBOL : ONE_SPACE;
        if (!treatWhitespaceAsSuffix && addDummyPrefix) {
            for (byte b : ws) {
                out[o] = b;
                map[o++] = consumed;
            }
        }
        boolean prevSpace = removeExtraWhitespaces;
        while (pos < n) {
            normalizePrefix(in, pos, n - pos, s);
            int a = s.start;
            int e = s.end;
            while (prevSpace && a < e && s.src[a] == ' ') {
                a++;
            }
            if (a < e) {
                int need = o + (e - a) * 3 + 8;
                if (need > out.length) {
                    out = Arrays.copyOf(out, Math.max(need, out.length * 2));
                    map = Arrays.copyOf(map, out.length + 1);
                }
                for (int k = a; k < e; k++) {
                    byte b = s.src[k];
                    if (escapeWhitespaces && b == ' ') {
                        for (byte x : SPACE_SYMBOL) {
                            out[o] = x;
                            map[o++] = consumed;
                        }
                    } else {
                        out[o] = b;
                        map[o++] = consumed;
                    }
                }
                prevSpace = s.src[e - 1] == ' ';
            }
            consumed += s.consumed;
            pos += s.consumed;
            if (!removeExtraWhitespaces) {
                prevSpace = false;
            }
        }
        if (removeExtraWhitespaces) {
            while (o >= ws.length && endsWith(out, o, ws)) {
                o -= ws.length;
                consumed = map[o];
            }
        }
        if (treatWhitespaceAsSuffix && addDummyPrefix) {
            if (o + ws.length + 1 > out.length) {
                out = Arrays.copyOf(out, o + ws.length + 1);
                map = Arrays.copyOf(map, out.length + 1);
            }
            for (byte b : ws) {
                out[o] = b;
                map[o++] = consumed;
            }
        }
        map[o] = consumed;
        return new Result(Arrays.copyOf(out, o), Arrays.copyOf(map, o + 1));
    }

    private static boolean endsWith(byte[] buf, int len, byte[] suffix) {
        for (int i = 0; i < suffix.length; i++) {
            if (buf[len - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }
}
