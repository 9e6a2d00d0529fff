package dev.hubkit.core.config;


/** Configuration of DistilBERT ({@code model_type} {@code distilbert}: {@code dim}, {@code n_layers}, {@code n_heads}, {@code hidden_dim}). */
public final class DistilBertConfig extends ModelConfig {

    DistilBertConfig(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }

    /** {@code sinusoidal_pos_embds}: fixed sinusoidal instead of learned positions. */
    public boolean sinusoidalPosEmbds() {
        return bool("sinusoidal_pos_embds");
    }

    /** {@code dropout}. */
    public double dropout() {
        return number("dropout");
    }

    @Override
    void validateFamily() {
        sinusoidalPosEmbds();
        dropout();
    }
}
