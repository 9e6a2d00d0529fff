package dev.hubkit.runtime.pipeline;

/**
 * A class label and its probability.
 *
 * @param label name from the config's {@code id2label}
 * @param score probability (softmax or sigmoid)
 */
public record Label(String label, double score) {
}
