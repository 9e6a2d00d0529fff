package dev.hubkit.tokenizers.normalizers;

import dev.hubkit.tokenizers.TokenizerException;
import dev.hubkit.tokenizers.text.NormalizedString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SentencePiece's precompiled character map (a darts-clone double-array trie over UTF-8 plus a blob of
 * replacement strings), applied per grapheme cluster as the Rust library does.
 */
public final class Precompiled implements Normalizer {
    private static final Pattern GRAPHEME = Pattern.compile("\\X");
    private final byte[] raw;
    private final int[] array;
    private final byte[] normalized;

    /** Parses the decoded {@code precompiled_charsmap} bytes. */
    public Precompiled(byte[] charsmap) {
        this.raw = charsmap.clone();
        if (charsmap.length == 0) {
            array = new int[0];
            normalized = new byte[0];
            return;
        }
        if (charsmap.length < 4) {
            throw new TokenizerException("precompiled_charsmap is too short (" + charsmap.length + " bytes)");
        }
        ByteBuffer bb = ByteBuffer.wrap(charsmap).order(ByteOrder.LITTLE_ENDIAN);
        long trieSize = bb.getInt() & 0xFFFFFFFFL;
        if (trieSize % 4 != 0 || trieSize + 4 > charsmap.length) {
            throw new TokenizerException("precompiled_charsmap is corrupt: trie size " + trieSize + " does not fit in "
                    + charsmap.length + " bytes");
        }
        array = new int[(int) (trieSize / 4)];
        for (int i = 0; i < array.length; i++) {
            array[i] = bb.getInt();
        }
        normalized = new byte[charsmap.length - 4 - (int) trieSize];
        bb.get(normalized);
    }

    /** The raw charsmap bytes. */
    public byte[] charsmap() {
        return raw.clone();
    }

    private int firstPrefixValue(byte[] key) {
        if (array.length == 0) {
            return -1;
        }
        int nodePos = 0;
        int unit = array[0];
        nodePos ^= offset(unit);
        for (byte kb : key) {
            int c = kb & 0xFF;
            if (c == 0) {
                break;
            }
            nodePos ^= c;
            if (nodePos < 0 || nodePos >= array.length) {
                return -1;
            }
            unit = array[nodePos];
            if ((unit & (0x80000000 | 0xFF)) != c) {
                return -1;
            }
            nodePos ^= offset(unit);
            if (((unit >>> 8) & 1) == 1) {
                if (nodePos < 0 || nodePos >= array.length) {
                    return -1;
                }
                return array[nodePos] & 0x7FFFFFFF;
            }
        }
        return -1;
    }

    private static int offset(int unit) {
        return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    }

    /** The replacement for {@code chunk}, or null. */
    String transform(String chunk) {
        int idx = firstPrefixValue(chunk.getBytes(StandardCharsets.UTF_8));
        if (idx < 0 || idx > normalized.length) {
            return null;
        }
        int end = idx;
        while (end < normalized.length && normalized[end] != 0) {
            end++;
        }
        return new String(normalized, idx, end - idx, StandardCharsets.UTF_8);
    }

    @Override
    public void normalize(NormalizedString s) {
        if (array.length == 0) {
            return;
        }
        String text = s.get();
        List<int[]> tr = new ArrayList<>(text.length());
        boolean modified = false;
        Matcher m = GRAPHEME.matcher(text);
        while (m.find()) {
            String g = text.substring(m.start(), m.end());
            if (g.getBytes(StandardCharsets.UTF_8).length < 6) {
                String norm = transform(g);
                if (norm != null) {
                    modified = true;
                    replace(tr, g, norm);
                    continue;
                }
            }
            for (int i = 0; i < g.length(); ) {
                int cp = g.codePointAt(i);
                String part = new String(Character.toChars(cp));
                String norm = transform(part);
                if (norm != null) {
                    modified = true;
                    replace(tr, part, norm);
                } else {
                    tr.add(new int[] {cp, 0});
                }
                i += Character.charCount(cp);
            }
        }
        if (modified) {
            NormalizedString.Edit e = s.edit();
            for (int[] t : tr) {
                e.add(t[0], t[1]);
            }
            e.apply(0);
        }
    }

    private static void replace(List<int[]> tr, String oldPart, String newPart) {
        int oldCount = oldPart.codePointCount(0, oldPart.length());
        int[] cps = newPart.codePoints().toArray();
        int diff = cps.length - oldCount;
        for (int cp : cps) {
            tr.add(new int[] {cp, 0});
        }
        if (diff > 0) {
            for (int i = tr.size() - 1, k = 0; k < diff && i >= 0; i--, k++) {
                tr.get(i)[1] = 1;
            }
        } else if (diff < 0 && !tr.isEmpty()) {
            tr.get(tr.size() - 1)[1] += diff;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Precompiled p && java.util.Arrays.equals(p.raw, raw);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(raw);
    }
}
