package dev.hubkit.tokenizers.models;

/** Receives the tokens of one word; offsets are UTF-16 indices in the word's normalized text. */
@FunctionalInterface
public interface TokenSink {
    void accept(int id, String token, int start, int end);
}
