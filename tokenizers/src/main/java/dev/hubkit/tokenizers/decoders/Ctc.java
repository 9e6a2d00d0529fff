package dev.hubkit.tokenizers.decoders;

import java.util.ArrayList;
import java.util.List;

/** CTC: collapses repeats, drops the pad token, maps the word delimiter to a space. */
public record Ctc(String padToken, String wordDelimiterToken, boolean cleanup) implements Decoder {

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>();
        String prev = null;
        for (String t : tokens) {
            if (t.equals(prev)) {
                continue;
            }
            prev = t;
            if (t.equals(padToken)) {
                continue;
            }
            String r = t.replace(wordDelimiterToken, " ");
            if (cleanup) {
                r = WordPieceDecoder.cleanup(r).replace(wordDelimiterToken, " ");
            }
            out.add(r);
        }
        return out;
    }
}
