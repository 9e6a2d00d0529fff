package dev.hubkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Shared fields of Llama-style decoders with rotary positions, RMS norm and grouped-query attention
 * ({@link LlamaConfig}, {@link MistralConfig}, {@link Qwen2Config}, {@link GemmaConfig}).
 *
 * <p>transformers 5 writes the rotary settings as one {@code rope_parameters} object
 * ({@code {"rope_theta": 500000.0, "rope_type": "llama3", "factor": 8.0, ...}}) instead of
 * {@code rope_theta} and {@code rope_scaling}; both spellings are read.
 */
public abstract class RopeDecoderConfig extends ModelConfig {

    RopeDecoderConfig(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }

    /** {@code rope_theta}, else {@code rope_parameters.rope_theta}: the rotary base. */
    public double ropeTheta() {
        Optional<JsonNode> own = get("rope_theta").filter(n -> !n.isNull());
        Optional<JsonNode> nested = ropeParameters().map(p -> p.get("rope_theta")).filter(n -> !n.isNull());
        if (own.isEmpty() && nested.isPresent()) {
            return Fields.positiveNumber(nested.get(), source(), "rope_parameters.rope_theta");
        }
        return number("rope_theta");
    }

    /**
     * {@code rope_scaling} as written (e.g. {@code {"rope_type": "llama3", "factor": 8.0, ...}}), else
     * {@code rope_parameters} when its {@code rope_type} is not {@code "default"}; empty when positions are
     * not scaled.
     */
    public Optional<JsonNode> ropeScaling() {
        Optional<JsonNode> own = optNode("rope_scaling");
        if (own.isPresent()) {
            return own;
        }
        return ropeParameters().filter(p -> {
            JsonNode type = p.has("rope_type") ? p.get("rope_type") : p.get("type");
            return type != null && type.isTextual() && !"default".equals(type.textValue());
        });
    }

    /** {@code attention_bias}: whether q/k/v/o projections have biases. */
    public boolean attentionBias() {
        return bool("attention_bias");
    }

    /** {@code rms_norm_eps} (same as {@link #layerNormEps()}). */
    public double rmsNormEps() {
        return layerNormEps();
    }

    /** transformers 5's {@code rope_parameters} object, if the file has one. */
    private Optional<JsonNode> ropeParameters() {
        Optional<JsonNode> p = get("rope_parameters").filter(n -> !n.isNull());
        if (p.isPresent() && !p.get().isObject()) {
            throw ConfigException.expected(source(), "rope_parameters",
                    "an object such as {\"rope_type\": \"default\", \"rope_theta\": 10000.0} or null",
                    Fields.describe(p.get()));
        }
        return p;
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
