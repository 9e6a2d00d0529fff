package dev.hubkit.core.config;


/** Configuration of Llama ({@code model_type} {@code llama}; LlamaConfig defaults are Llama-7B's). */
public final class LlamaConfig extends RopeDecoderConfig {

    LlamaConfig(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }

    /** {@code mlp_bias}: whether the MLP projections have biases. */
    public boolean mlpBias() {
        return bool("mlp_bias");
    }

    /** {@code pretraining_tp}: tensor-parallel degree used in pretraining. */
    public int pretrainingTp() {
        return requireInt("pretraining_tp");
    }

    @Override
    void validateFamily() {
        super.validateFamily();
        mlpBias();
        pretrainingTp();
    }
}
