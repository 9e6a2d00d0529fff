package dev.hubkit.runtime.pipeline;

import java.util.Locale;

/** Token-classification aggregation strategies, as transformers defines them. */
public enum Aggregation {
    /** One entity per token, no grouping. */
    NONE,
    /** Tokens grouped by B-/I- tags; a word may be split across entities. */
    SIMPLE,
    /** Word label = first token's label, then grouped. */
    FIRST,
    /** Word label = argmax of the tokens' averaged scores, then grouped. */
    AVERAGE,
    /** Word label = the label of the token with the highest score, then grouped. */
    MAX;

    /** Parses "none", "simple", "first", "average" or "max". */
    public static Aggregation parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown aggregation '" + s + "'; use none, simple, first, average or max", e);
        }
    }
}
