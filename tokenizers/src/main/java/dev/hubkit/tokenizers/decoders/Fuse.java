package dev.hubkit.tokenizers.decoders;

import java.util.List;

/** Joins all tokens into one. */
public record Fuse() implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        return List.of(String.join("", tokens));
    }
}
