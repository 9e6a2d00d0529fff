package dev.hubkit.runtime;

import dev.hubkit.core.config.AutoConfig;
import dev.hubkit.core.config.ModelConfig;
import dev.hubkit.runtime.backend.Backend;
import dev.hubkit.runtime.backend.BackendOptions;
import dev.hubkit.runtime.backend.BackendSelector;
import dev.hubkit.runtime.backend.Explanation;
import dev.hubkit.runtime.tensor.NamedTensors;
import dev.hubkit.tokenizers.AutoTokenizer;
import dev.hubkit.tokenizers.Tokenizer;
import java.util.Set;

/**
 * A ready-to-run model: its config, its tokenizer and a backend chosen by {@link BackendSelector}.
 * Thread-safe; close it to release the backend's native memory.
 */
public final class AutoModel implements AutoCloseable {
    /** Model types whose position ids start after the padding index (max usable length is smaller). */
    private static final Set<String> OFFSET_POSITIONS = Set.of("roberta", "xlm-roberta", "camembert", "longformer",
            "bart", "mpnet");

    private final String source;
    private final ModelConfig config;
    private final Tokenizer tokenizer;
    private final Backend backend;
    private final Explanation explanation;

    private AutoModel(String source, ModelConfig config, Tokenizer tokenizer, Backend backend, Explanation explanation) {
        this.source = source;
        this.config = config;
        this.tokenizer = tokenizer;
        this.backend = backend;
        this.explanation = explanation;
    }

    /** Loads {@code source} (local folder or hub repo id) with automatic backend and device. */
    public static AutoModel fromPretrained(String source) {
        return fromPretrained(source, BackendOptions.defaults());
    }

    /**
     * Loads {@code source}: {@code config.json}, {@code tokenizer.json} and the model file the
     * selected backend runs.
     *
     * @throws RuntimeBackendException when no backend can run the model (the message lists what was
     *                                 looked for and what is missing)
     */
    public static AutoModel fromPretrained(String source, BackendOptions options) {
        ModelConfig config = AutoConfig.fromPretrained(source);
        Tokenizer tokenizer = AutoTokenizer.fromPretrained(source);
        BackendSelector.Selection sel = BackendSelector.select(source, options);
        return new AutoModel(source, config, tokenizer, sel.backend(), sel.explanation());
    }

    /** The model as the caller named it. */
    public String source() {
        return source;
    }

    /** Parsed {@code config.json}. */
    public ModelConfig config() {
        return config;
    }

    /** The model's tokenizer. */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The engine running the model. */
    public Backend backend() {
        return backend;
    }

    /** Why this backend and device were chosen. */
    public Explanation explanation() {
        return explanation;
    }

    /** Runs the model on prepared tensors (all outputs returned). */
    public NamedTensors run(NamedTensors inputs) {
        return backend.run(inputs);
    }

    /**
     * Longest input (in tokens, special tokens included) the model accepts: {@code max_position_embeddings},
     * less the padding offset for RoBERTa-style models.
     */
    public int maxTokens() {
        int max = config.maxPositionEmbeddings();
        if (OFFSET_POSITIONS.contains(config.modelType())) {
            max -= config.padTokenId().orElse(1) + 1;
        }
        return max;
    }

    @Override
    public void close() {
        backend.close();
    }

    @Override
    public String toString() {
        return "AutoModel[" + source + ", " + backend + "]";
    }
}
