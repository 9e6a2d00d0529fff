package dev.hubkit.tokenizers.sentencepiece;

/** The CHAR model: one piece per character (user-defined symbols kept whole). */
final class CharSegmenter implements Segmenter {
    private final Vocab vocab;

    CharSegmenter(Vocab vocab) {
        this.vocab = vocab;
    }

    @Override
    public void segment(byte[] s, Segments out) {
        int n = s.length;
        int pos = 0;
        while (pos < n) {
            int len = vocab.prefixMatch(s, pos, n);
            out.add(pos, pos + len, vocab.pieceToId(s, pos, pos + len));
            pos += len;
        }
    }
}
