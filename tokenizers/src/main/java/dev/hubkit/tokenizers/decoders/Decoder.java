package dev.hubkit.tokenizers.decoders;

import java.util.List;

/** Turns token strings back into text. */
public sealed interface Decoder
        permits WordPieceDecoder, ByteLevelDecoder, MetaspaceDecoder, BpeDecoder, ByteFallback, Fuse, StripDecoder,
        ReplaceDecoder, Ctc, DecoderSequence {

    /** Transforms the token list (a step of a decoder chain). */
    List<String> decodeChain(List<String> tokens);

    /** Decodes to one string. */
    default String decode(List<String> tokens) {
        return String.join("", decodeChain(tokens));
    }
}
