package dev.hubkit.tokenizers.processors;

import dev.hubkit.tokenizers.Encoding;
import java.util.ArrayList;
import java.util.List;

/** {@code [CLS] A [SEP]} and {@code [CLS] A [SEP] B [SEP]} with type id 1 for the pair part. */
public record BertProcessing(String sep, int sepId, String cls, int clsId) implements PostProcessor {

    @Override
    public int addedTokens(boolean isPair) {
        return isPair ? 3 : 2;
    }

    @Override
    public List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens) {
        if (!addSpecialTokens) {
            return encodings;
        }
        List<Encoding> out = new ArrayList<>();
        for (int i = 0; i < encodings.size(); i++) {
            out.add(wrap(encodings.get(i), i));
        }
        return out;
    }

    private Encoding wrap(Encoding e, int i) {
        List<Encoding> over = new ArrayList<>();
        for (Encoding o : e.overflowing()) {
            over.add(wrap(o.withOverflowing(List.of()), i));
        }
        Encoding body = e.withOverflowing(List.of());
        Encoding sepE = Encoding.special(new int[] {sepId}, new String[] {sep}, i == 0 ? 0 : 1);
        Encoding r;
        if (i == 0) {
            Encoding clsE = Encoding.special(new int[] {clsId}, new String[] {cls}, 0);
            r = Encoding.merge(List.of(clsE, body.withSequenceRanges(java.util.Map.of()), sepE));
            r = r.withSequenceRanges(java.util.Map.of(0, new int[] {1, r.length() - 1}));
        } else {
            r = Encoding.merge(List.of(body.withSequenceRanges(java.util.Map.of()), sepE));
            r = r.withSequenceRanges(java.util.Map.of(1, new int[] {0, r.length() - 1}));
        }
        return r.withOverflowing(over);
    }
}
