package dev.hubkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Shared fields of Llama-style decoders with rotary positions, RMS norm and grouped-query attention
 * ({@link LlamaConfig}, {@link MistralConfig}, {@link Qwen2Config}, {@link GemmaConfig}).
 */
public abstract class RopeDecoderConfig extends ModelConfig {

    RopeDecoderConfig(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }

    /** {@code rope_theta}: the rotary base. */
    public double ropeTheta() {
        return number("rope_theta");
    }

    /** {@code rope_scaling} as written (e.g. {@code {"rope_type": "llama3", "factor": 8.0, ...}}), if any. */
    public Optional<JsonNode> ropeScaling() {
        return optNode("rope_scaling");
    }

    /** {@code attention_bias}: whether q/k/v/o projections have biases. */
    public boolean attentionBias() {
        return bool("attention_bias");
    }

    /** {@code rms_norm_eps} (same as {@link #layerNormEps()}). */
    public double rmsNormEps() {
        return layerNormEps();
    }

    @Override
    void validateFamily() {
        if (!(ropeTheta() > 0)) {
            throw invalid("rope_theta", "a positive number");
        }
        Optional<JsonNode> scaling = ropeScaling();
        if (scaling.isPresent() && !scaling.get().isObject()) {
            throw invalid("rope_scaling", "an object such as {\"rope_type\": \"linear\", \"factor\": 2.0} or null");
        }
        attentionBias();
    }
}
