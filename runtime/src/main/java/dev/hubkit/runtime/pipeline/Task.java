package dev.hubkit.runtime.pipeline;

import java.util.List;
import java.util.Locale;

/** Tasks {@code hubkit run} knows, with the names transformers uses for them. */
public enum Task {
    /** Sentence embeddings. */
    FEATURE_EXTRACTION(List.of("feature-extraction", "sentence-embeddings", "embeddings")),
    /** Sequence classification (sentiment and the like). */
    TEXT_CLASSIFICATION(List.of("text-classification", "sentiment-analysis")),
    /** Per-token labels (NER). */
    TOKEN_CLASSIFICATION(List.of("token-classification", "ner")),
    /** Masked-token prediction. */
    FILL_MASK(List.of("fill-mask"));

    private final List<String> names;

    Task(List<String> names) {
        this.names = names;
    }

    /** The canonical name ("feature-extraction", ...). */
    public String cliName() {
        return names.get(0);
    }

    /** Parses a task name or alias. */
    public static Task parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Task t : values()) {
            if (t.names.contains(v)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task '" + s + "'; use feature-extraction (sentence-embeddings),"
                + " text-classification, token-classification (ner) or fill-mask");
    }
}
