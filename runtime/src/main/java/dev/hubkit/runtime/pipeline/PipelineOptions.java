package dev.hubkit.runtime.pipeline;

/**
 * Batching and length handling shared by every pipeline.
 *
 * @param batchSize  inputs per model call (micro-batch); inputs are sorted by length first
 * @param strict     when true, an input longer than the model allows is an error instead of being
 *                   truncated with a logged warning
 * @param maxLength  token limit; 0 takes the smallest of the model's {@code max_position_embeddings},
 *                   the tokenizer's truncation and sentence-transformers' {@code max_seq_length}
 * @param outputName the model output to read; null picks the task's usual one
 *                   ({@code last_hidden_state} or {@code logits}) or else the first output
 */
public record PipelineOptions(int batchSize, boolean strict, int maxLength, String outputName) {

    /** Validates the numbers. */
    public PipelineOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("max length must be >= 0 (0 = from the model), got " + maxLength);
        }
    }

    /** Batch size 32, truncation with a warning, limits from the model, default output. */
    public static PipelineOptions defaults() {
        return new PipelineOptions(32, false, 0, null);
    }

    /** Same options with another batch size. */
    public PipelineOptions withBatchSize(int n) {
        return new PipelineOptions(n, strict, maxLength, outputName);
    }

    /** Same options with strict length checking on or off. */
    public PipelineOptions withStrict(boolean s) {
        return new PipelineOptions(batchSize, s, maxLength, outputName);
    }

    /** Same options with a token limit (0 = from the model). */
    public PipelineOptions withMaxLength(int n) {
        return new PipelineOptions(batchSize, strict, n, outputName);
    }

    /** Same options reading another model output. */
    public PipelineOptions withOutputName(String name) {
        return new PipelineOptions(batchSize, strict, maxLength, name);
    }
}
