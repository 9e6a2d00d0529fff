package dev.hubkit.tokenizers.processors;

import dev.hubkit.tokenizers.Encoding;
import dev.hubkit.tokenizers.TokenizerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Template such as {@code [CLS] $A [SEP] $B:1 [SEP]:1}. */
public record TemplateProcessing(List<Piece> single, List<Piece> pair, Map<String, SpecialToken> specialTokens)
        implements PostProcessor {

    /** One element of a template. */
    public sealed interface Piece permits SequencePiece, SpecialPiece {
        int typeId();
    }

    /** The input sequence A (0) or B (1). */
    public record SequencePiece(int sequence, int typeId) implements Piece {
    }

    /** A special token by its id in {@code specialTokens}. */
    public record SpecialPiece(String id, int typeId) implements Piece {
    }

    /** A special token: its ids and token strings. */
    public record SpecialToken(String id, int[] ids, String[] tokens) {
    }

    public TemplateProcessing {
        single = List.copyOf(single);
        pair = List.copyOf(pair);
        specialTokens = Map.copyOf(specialTokens);
        for (List<Piece> t : List.of(single, pair)) {
            for (Piece p : t) {
                if (p instanceof SpecialPiece sp && !specialTokens.containsKey(sp.id())) {
                    throw new TokenizerException("post_processor: template uses special token '" + sp.id()
                            + "' that is missing from special_tokens");
                }
            }
        }
    }

    @Override
    public int addedTokens(boolean isPair) {
        int n = 0;
        for (Piece p : isPair ? pair : single) {
            if (p instanceof SpecialPiece sp) {
                n += specialTokens.get(sp.id()).ids().length;
            }
        }
        return n;
    }

    @Override
    public List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens) {
        List<Piece> template = encodings.size() == 2 ? pair : single;
        List<Encoding> out = new ArrayList<>();
        for (Piece p : template) {
            if (p instanceof SequencePiece sq) {
                if (sq.sequence() >= encodings.size()) {
                    throw new TokenizerException("post_processor: the template refers to sequence B but no pair "
                            + "was given");
                }
                out.add(encodings.get(sq.sequence()).withTypeIds(sq.typeId()).withSequenceId(sq.sequence()));
            } else if (addSpecialTokens) {
                SpecialPiece sp = (SpecialPiece) p;
                SpecialToken tok = specialTokens.get(sp.id());
                out.add(Encoding.special(tok.ids(), tok.tokens(), sp.typeId()));
            }
        }
        return out;
    }
}
