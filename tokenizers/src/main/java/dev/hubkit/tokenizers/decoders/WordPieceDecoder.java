package dev.hubkit.tokenizers.decoders;

import java.util.ArrayList;
import java.util.List;

/** Joins WordPiece tokens: drops the continuation prefix, otherwise adds a space; optional cleanup. */
public record WordPieceDecoder(String prefix, boolean cleanup) implements Decoder {

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (i != 0) {
                if (t.startsWith(prefix)) {
                    t = t.replaceFirst(java.util.regex.Pattern.quote(prefix), "");
                } else {
                    t = " " + t;
                }
            }
            out.add(cleanup ? cleanup(t) : t);
        }
        return out;
    }

    /** The Python library's clean_up_tokenization. */
    public static String cleanup(String s) {
        return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",").replace(" ' ", "'")
                .replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't").replace(" 's", "'s")
                .replace(" 've", "'ve").replace(" 're", "'re");
    }
}
