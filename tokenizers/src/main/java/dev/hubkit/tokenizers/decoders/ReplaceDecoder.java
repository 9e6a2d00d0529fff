package dev.hubkit.tokenizers.decoders;

import dev.hubkit.tokenizers.text.SplitPattern;
import java.util.ArrayList;
import java.util.List;

/** Replaces pattern matches in each token. */
public record ReplaceDecoder(SplitPattern pattern, String content) implements Decoder {

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String t : tokens) {
            int[] m = pattern.findMatches(t);
            StringBuilder sb = new StringBuilder(t.length());
            for (int i = 0; i < m.length; i += 3) {
                if (m[i + 2] == 1) {
                    sb.append(content);
                } else {
                    sb.append(t, m[i], m[i + 1]);
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

}
