package dev.hubkit.runtime.pipeline;

/**
 * Batching and length handling shared by every pipeline.
 *
 * @param batchSize   most inputs per model call (micro-batch); inputs are sorted by length first
 * @param strict      when true, an input longer than the model allows is an error instead of being
 *                    truncated with a logged warning
 * @param maxLength   token limit; 0 takes the smallest of the model's {@code max_position_embeddings},
 *                    the tokenizer's truncation and sentence-transformers' {@code max_seq_length}
 * @param outputName  the model output to read; null picks the task's usual one
 *                    ({@code last_hidden_state} or {@code logits}) or else the first output
 * @param tokenBudget most padded tokens (rows x padded length) per model call; a batch of
 *                    {@code batchSize} inputs is cut into smaller micro-batches to stay within it.
 *                    0 = automatic: {@link #CPU_TOKEN_BUDGET} on CPU, none on CUDA
 */
public record PipelineOptions(int batchSize, boolean strict, int maxLength, String outputName, int tokenBudget) {

    /**
     * Automatic token budget on CPU. Measured on all-MiniLM-L6-v2 with 2 cores: micro-batches of
     * 512-1024 padded tokens run 30-40% more sentences per second than single sentences, and large
     * padded batches (128 x 60+ tokens) fall to half of that.
     */
    public static final int CPU_TOKEN_BUDGET = 512;

    /** Validates the numbers. */
    public PipelineOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("max length must be >= 0 (0 = from the model), got " + maxLength);
        }
        if (tokenBudget < 0) {
            throw new IllegalArgumentException("token budget must be >= 0 (0 = automatic), got " + tokenBudget);
        }
    }

    /** Options with the automatic token budget. */
    public PipelineOptions(int batchSize, boolean strict, int maxLength, String outputName) {
        this(batchSize, strict, maxLength, outputName, 0);
    }

    /** Batch size 32, truncation with a warning, limits from the model, default output, automatic token budget. */
    public static PipelineOptions defaults() {
        return new PipelineOptions(32, false, 0, null, 0);
    }

    /** Same options with another batch size. */
    public PipelineOptions withBatchSize(int n) {
        return new PipelineOptions(n, strict, maxLength, outputName, tokenBudget);
    }

    /** Same options with strict length checking on or off. */
    public PipelineOptions withStrict(boolean s) {
        return new PipelineOptions(batchSize, s, maxLength, outputName, tokenBudget);
    }

    /** Same options with a token limit (0 = from the model). */
    public PipelineOptions withMaxLength(int n) {
        return new PipelineOptions(batchSize, strict, n, outputName, tokenBudget);
    }

    /** Same options reading another model output. */
    public PipelineOptions withOutputName(String name) {
        return new PipelineOptions(batchSize, strict, maxLength, name, tokenBudget);
    }

    /** Same options with another token budget per model call (0 = automatic). */
    public PipelineOptions withTokenBudget(int tokens) {
        return new PipelineOptions(batchSize, strict, maxLength, outputName, tokens);
    }
}
