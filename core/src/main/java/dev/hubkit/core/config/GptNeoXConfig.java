package dev.hubkit.core.config;


/** Configuration of GPT-NeoX / Pythia ({@code model_type} {@code gpt_neox}). */
public final class GptNeoXConfig extends ModelConfig {

    GptNeoXConfig(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }

    /** {@code rotary_pct}: fraction of each head that gets rotary embeddings. */
    public double rotaryPct() {
        return number("rotary_pct");
    }

    /** {@code rotary_emb_base}: the rotary base (theta). */
    public double rotaryEmbBase() {
        return number("rotary_emb_base");
    }

    /** {@code use_parallel_residual}: attention and MLP read the same input. */
    public boolean useParallelResidual() {
        return bool("use_parallel_residual");
    }

    /** {@code attention_bias}. */
    public boolean attentionBias() {
        return bool("attention_bias");
    }

    @Override
    void validateFamily() {
        double pct = rotaryPct();
        if (pct < 0 || pct > 1) {
            throw invalid("rotary_pct", "a fraction between 0 and 1");
        }
        rotaryEmbBase();
        useParallelResidual();
        attentionBias();
    }
}
