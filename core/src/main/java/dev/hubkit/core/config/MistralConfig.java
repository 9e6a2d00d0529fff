package dev.hubkit.core.config;

import java.util.OptionalInt;

/** Configuration of Mistral ({@code model_type} {@code mistral}; MistralConfig defaults are Mistral-7B's). */
public final class MistralConfig extends RopeDecoderConfig {

    MistralConfig(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }

    /** {@code sliding_window}: attention window, empty when null (full attention). */
    public OptionalInt slidingWindow() {
        return optInt("sliding_window");
    }

    @Override
    void validateFamily() {
        super.validateFamily();
        OptionalInt w = slidingWindow();
        if (w.isPresent() && w.getAsInt() <= 0) {
            throw invalid("sliding_window", "a positive integer or null");
        }
    }
}
