package dev.hubkit.tokenizers.processors;

import dev.hubkit.tokenizers.Encoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code <s> A </s>} and {@code <s> A </s></s> B </s>}, all type id 0, with optional offset trimming. */
public record RobertaProcessing(String sep, int sepId, String cls, int clsId, boolean trimOffsets,
                                boolean addPrefixSpace) implements PostProcessor {

    @Override
    public int addedTokens(boolean isPair) {
        return isPair ? 4 : 2;
    }

    @Override
    public List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens) {
        List<Encoding> in = encodings;
        if (trimOffsets) {
            in = new ArrayList<>();
            for (Encoding e : encodings) {
                in.add(ByteLevelProcessor.trimWithOverflowing(e, addPrefixSpace));
            }
        }
        if (!addSpecialTokens) {
            // Without special tokens the Rust library keeps type id 0 for both sequences.
            List<Encoding> zero = new ArrayList<>(in.size());
            for (Encoding e : in) {
                zero.add(e.withTypeIds(0));
            }
            return zero;
        }
        List<Encoding> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            out.add(wrap(in.get(i), i));
        }
        return out;
    }

    private Encoding wrap(Encoding e, int i) {
        List<Encoding> over = new ArrayList<>();
        for (Encoding o : e.overflowing()) {
            over.add(wrap(o.withOverflowing(List.of()), i));
        }
        Encoding body = e.withOverflowing(List.of()).withSequenceRanges(Map.of()).withTypeIds(0);
        Encoding sepE = Encoding.special(new int[] {sepId}, new String[] {sep}, 0);
        Encoding r;
        if (i == 0) {
            Encoding clsE = Encoding.special(new int[] {clsId}, new String[] {cls}, 0);
            r = Encoding.merge(List.of(clsE, body, sepE));
            r = r.withSequenceRanges(Map.of(0, new int[] {1, r.length() - 1}));
        } else {
            r = Encoding.merge(List.of(sepE, body, sepE));
            r = r.withSequenceRanges(Map.of(1, new int[] {1, r.length() - 1}));
        }
        return r.withOverflowing(over);
    }
}
