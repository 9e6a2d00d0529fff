package dev.hubkit.tokenizers.decoders;

import java.util.ArrayList;
import java.util.List;

/** Replaces the end-of-word suffix by a space (nothing for the last token). */
public record BpeDecoder(String suffix) implements Decoder {

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        int n = tokens.size() - 1;
        for (int i = 0; i < tokens.size(); i++) {
            out.add(tokens.get(i).replace(suffix, i == n ? "" : " "));
        }
        return out;
    }
}
