package dev.hubkit.core.config;

import java.util.OptionalInt;

/** Configuration of Qwen2 ({@code model_type} {@code qwen2}); q/k/v projections always have biases. */
public final class Qwen2Config extends RopeDecoderConfig {

    Qwen2Config(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }

    /** {@code use_sliding_window}. */
    public boolean useSlidingWindow() {
        return bool("use_sliding_window");
    }

    /** {@code sliding_window}, empty when null. */
    public OptionalInt slidingWindow() {
        return optInt("sliding_window");
    }

    /** {@code max_window_layers}: layers below this use full attention when sliding windows are on. */
    public int maxWindowLayers() {
        return requireInt("max_window_layers");
    }

    @Override
    void validateFamily() {
        super.validateFamily();
        useSlidingWindow();
        slidingWindow();
        maxWindowLayers();
    }
}
