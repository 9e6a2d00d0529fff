package dev.hubkit.core.config;


/**
 * Configuration of Gemma ({@code model_type} {@code gemma}): {@code head_dim} is explicit, and
 * {@code hidden_activation} (when set) overrides {@code hidden_act}, as in GemmaConfig.
 */
public final class GemmaConfig extends RopeDecoderConfig {

    GemmaConfig(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }
}
