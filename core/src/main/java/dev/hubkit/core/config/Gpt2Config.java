package dev.hubkit.core.config;


/** Configuration of GPT-2 ({@code model_type} {@code gpt2}: {@code n_embd}, {@code n_layer}, {@code n_head}, {@code n_positions}, {@code n_inner}). */
public final class Gpt2Config extends ModelConfig {

    Gpt2Config(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }

    /** {@code scale_attn_weights}: divide attention scores by sqrt(head dim). */
    public boolean scaleAttnWeights() {
        return bool("scale_attn_weights");
    }

    /** {@code initializer_range}. */
    public double initializerRange() {
        return number("initializer_range");
    }

    @Override
    void validateFamily() {
        scaleAttnWeights();
        initializerRange();
    }
}
