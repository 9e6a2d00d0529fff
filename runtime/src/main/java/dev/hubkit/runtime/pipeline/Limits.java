package dev.hubkit.runtime.pipeline;

import dev.hubkit.runtime.AutoModel;
import java.util.OptionalInt;

/** Token limit and padding id a pipeline uses. */
final class Limits {
    private Limits() {
    }

    /** Smallest of the user's limit, the model's positions, the tokenizer's truncation and sentence-transformers'. */
    static int maxLength(AutoModel model, PipelineOptions options, OptionalInt sentenceTransformers) {
        int max = model.maxTokens();
        if (model.tokenizer().truncation().isPresent() && model.tokenizer().truncation().get().maxLength() > 0) {
            max = Math.min(max, model.tokenizer().truncation().get().maxLength());
        }
        if (sentenceTransformers.isPresent()) {
            max = Math.min(max, sentenceTransformers.getAsInt());
        }
        if (options.maxLength() > 0) {
            max = Math.min(max, options.maxLength());
        }
        return max;
    }

    /** The config's pad_token_id, else the tokenizer's padding id, else 0. */
    static int padId(AutoModel model) {
        return model.config().padTokenId().orElseGet(() ->
                model.tokenizer().padding().map(p -> p.padId()).orElse(0));
    }
}
