package dev.hubkit.tokenizers;

/** Side on which truncation removes, or padding adds, tokens. */
public enum Direction {
    LEFT,
    RIGHT
}
