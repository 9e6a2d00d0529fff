package dev.hubkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalInt;

/**
 * Configuration of T5 ({@code model_type} {@code t5}: {@code d_model}, {@code num_layers}, {@code num_heads},
 * {@code d_kv}, {@code d_ff}). The activation comes from {@code feed_forward_proj} ({@code relu},
 * {@code gated-gelu}...), as in T5Config.
 */
public final class T5Config extends ModelConfig {

    T5Config(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }

    /** {@code d_kv}: size of each attention head (heads need not divide d_model). */
    public int dKv() {
        return headDim();
    }

    /** {@code num_decoder_layers}, defaulting to {@code num_layers}. */
    public int numDecoderLayers() {
        return requireInt("num_decoder_layers");
    }

    /** {@code feed_forward_proj}: {@code relu}, {@code gated-gelu}, {@code gated-silu}... */
    public String feedForwardProj() {
        return string("feed_forward_proj");
    }

    /** Whether the feed-forward is gated ({@code gated-*}). */
    public boolean isGatedAct() {
        return feedForwardProj().startsWith("gated-");
    }

    /** {@code relative_attention_num_buckets}. */
    public int relativeAttentionNumBuckets() {
        return requireInt("relative_attention_num_buckets");
    }

    /** {@code relative_attention_max_distance}. */
    public int relativeAttentionMaxDistance() {
        return requireInt("relative_attention_max_distance");
    }

    /** {@code decoder_start_token_id}. */
    public OptionalInt decoderStartTokenId() {
        return optInt("decoder_start_token_id");
    }

    /** T5Config's dense_act_fn: the part after {@code gated-}, with {@code gated-gelu} meaning {@code gelu_new}. */
    static JsonNode activationOf(ModelConfig c) {
        String proj = c.lookup("feed_forward_proj", true).map(v -> v.node().asText("relu")).orElse("relu");
        if ("gated-gelu".equals(proj)) {
            return FamilySpec.node("gelu_new");
        }
        String[] parts = proj.split("-");
        return FamilySpec.node(parts[parts.length - 1]);
    }

    @Override
    void validateFamily() {
        String proj = feedForwardProj();
        String[] parts = proj.split("-", -1);
        if (parts.length > 2 || (parts.length == 2 && !"gated".equals(parts[0])) || parts[parts.length - 1].isEmpty()) {
            throw invalid("feed_forward_proj", "'{ACT_FN}' or 'gated-{ACT_FN}', e.g. 'gated-gelu' or 'relu'");
        }
        for (String f : new String[] {"num_decoder_layers", "relative_attention_num_buckets",
            "relative_attention_max_distance"}) {
            Value v = require(f, true);
            Fields.positiveInt(v.node(), source(), v.key());
        }
        decoderStartTokenId();
    }
}
