package dev.hubkit.core.config;

import com.fasterxml.jackson.databind.node.DoubleNode;

/**
 * A floating-point JSON number that remembers how the file spelled it ({@code 1e-7}, {@code 0.10}),
 * so that a config read and written unchanged keeps its numbers byte for byte.
 */
final class SourceDoubleNode extends DoubleNode {
    private static final long serialVersionUID = 1L;
    private final String text;

    SourceDoubleNode(double value, String text) {
        super(value);
        this.text = text;
    }

    /** The number as written in the source. */
    String sourceText() {
        return text;
    }
}
