package dev.hubkit.tokenizers.decoders;

import java.util.ArrayList;
import java.util.List;

/** Removes up to {@code start} leading and {@code stop} trailing {@code content} chars from each token. */
public record StripDecoder(int content, int start, int stop) implements Decoder {

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String t : tokens) {
            int[] cps = t.codePoints().toArray();
            int startCut = 0;
            for (int i = 0; i < Math.min(start, cps.length); i++) {
                if (cps[i] == content) {
                    startCut = i + 1;
                } else {
                    break;
                }
            }
            int stopCut = cps.length;
            for (int i = 0; i < Math.min(stop, cps.length); i++) {
                if (cps[cps.length - 1 - i] == content) {
                    stopCut = cps.length - i - 1;
                } else {
                    break;
                }
            }
            out.add(stopCut > startCut ? new String(cps, startCut, stopCut - startCut) : "");
        }
        return out;
    }
}
