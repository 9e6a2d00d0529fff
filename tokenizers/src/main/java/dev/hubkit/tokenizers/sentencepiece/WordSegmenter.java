package dev.hubkit.tokenizers.sentencepiece;

/** The WORD model: whitespace-delimited words (sentencepiece's SplitIntoWords), each looked up whole. */
final class WordSegmenter implements Segmenter {
    private final Vocab vocab;
    private final boolean suffix;
    private final boolean allowWsOnly;

    WordSegmenter(Vocab vocab, boolean treatWhitespaceAsSuffix, boolean allowWhitespaceOnlyPieces) {
        this.vocab = vocab;
        this.suffix = treatWhitespaceAsSuffix;
        this.allowWsOnly = allowWhitespaceOnlyPieces;
    }

    @Override
    public void segment(byte[] s, Segments out) {
        int n = s.length;
        int[] bounds = splitIntoWords(s, suffix, allowWsOnly);
        for (int i = 0; i + 1 < bounds.length; i++) {
            out.add(bounds[i], bounds[i + 1], vocab.pieceToId(s, bounds[i], bounds[i + 1]));
        }
        assert n == 0 || bounds[bounds.length - 1] == n;
    }

    private static boolean isSpaceSymbol(byte[] s, int pos, int mblen) {
        return mblen == 3 && s[pos] == Normalizer.SPACE_SYMBOL[0] && s[pos + 1] == Normalizer.SPACE_SYMBOL[1]
                && s[pos + 2] == Normalizer.SPACE_SYMBOL[2];
    }

    /** Word start offsets followed by the end offset ({@code [0, ..., n]}); {@code [0]} when empty. */
    static int[] splitIntoWords(byte[] s, boolean treatWsAsSuffix, boolean allowWsOnly) {
        int n = s.length;
        int[] starts = new int[n + 2];
        int count = 0;
        int pos = 0;
        boolean inWs = false;
        if (treatWsAsSuffix) {
            if (pos < n) {
                starts[count++] = 0;
            }
            while (pos < n) {
                int mblen = Math.min(Utf8.oneCharLen(s[pos]), n - pos);
                boolean isWs = isSpaceSymbol(s, pos, mblen);
                if (isWs) {
                    inWs = true;
                } else if (inWs) {
                    if (allowWsOnly) {
                        starts[count++] = pos;
                    }
                    inWs = false;
                }
                pos += mblen;
                if (pos < n && isWs && !allowWsOnly) {
                    starts[count++] = pos;
                }
            }
        } else {
            while (pos < n) {
                int mblen = Math.min(Utf8.oneCharLen(s[pos]), n - pos);
                boolean isWs = isSpaceSymbol(s, pos, mblen);
                if (pos == 0 || (isWs && (!inWs || !allowWsOnly))) {
                    starts[count++] = pos;
                    inWs = true;
                }
                if (inWs && !isWs) {
                    inWs = false;
                }
                pos += mblen;
            }
        }
        starts[count++] = n;
        return java.util.Arrays.copyOf(starts, count);
    }
}
