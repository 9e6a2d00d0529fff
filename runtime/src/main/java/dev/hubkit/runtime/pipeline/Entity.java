package dev.hubkit.runtime.pipeline;

/**
 * A token-classification result.
 *
 * @param label label ({@code entity} without aggregation, {@code entity_group} with it: B-/I- prefix removed)
 * @param score probability (mean over the group's members when grouped)
 * @param word  the text of the token(s), decoded
 * @param start UTF-16 start offset in the input
 * @param end   UTF-16 end offset in the input
 * @param index token index in the encoding; -1 for grouped entities
 */
public record Entity(String label, double score, String word, int start, int end, int index) {
}
