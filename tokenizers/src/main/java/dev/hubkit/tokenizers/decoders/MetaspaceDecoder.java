package dev.hubkit.tokenizers.decoders;

import java.util.ArrayList;
import java.util.List;

/** Turns the replacement char back into spaces; the first token loses it unless prepend_scheme is never. */
public record MetaspaceDecoder(int replacement, boolean prependDropsFirst) implements Decoder {

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            StringBuilder sb = new StringBuilder(t.length());
            for (int k = 0; k < t.length(); ) {
                int cp = t.codePointAt(k);
                if (cp == replacement) {
                    if (!(i == 0 && prependDropsFirst)) {
                        sb.append(' ');
                    }
                } else {
                    sb.appendCodePoint(cp);
                }
                k += Character.charCount(cp);
            }
            out.add(sb.toString());
        }
        return out;
    }
}
