package dev.hubkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** Configuration of DeBERTa-v2/v3 ({@code model_type} {@code deberta-v2}). */
public final class DebertaV2Config extends ModelConfig {

    DebertaV2Config(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }

    /** {@code relative_attention}: whether disentangled relative attention is used. */
    public boolean relativeAttention() {
        return bool("relative_attention");
    }

    /** {@code max_relative_positions} (-1: use max_position_embeddings). */
    public int maxRelativePositions() {
        return requireInt("max_relative_positions");
    }

    /** {@code position_buckets} (-1: none). */
    public int positionBuckets() {
        return requireInt("position_buckets");
    }

    /** {@code position_biased_input}: whether absolute positions are added to the input embeddings. */
    public boolean positionBiasedInput() {
        return bool("position_biased_input");
    }

    /** {@code pos_att_type}, e.g. {@code [p2c, c2p]}; a {@code "p2c|c2p"} string is split as transformers does. */
    public List<String> posAttType() {
        Optional<JsonNode> v = optNode("pos_att_type");
        if (v.isEmpty()) {
            return List.of();
        }
        if (v.get().isTextual()) {
            return List.of(v.get().textValue().toLowerCase(java.util.Locale.ROOT).split("\\|"));
        }
        return Fields.stringList(v.get(), source(), "pos_att_type");
    }

    @Override
    void validateFamily() {
        relativeAttention();
        maxRelativePositions();
        positionBuckets();
        positionBiasedInput();
        posAttType();
    }
}
