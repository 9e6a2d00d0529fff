package dev.hubkit.core.config;

import java.util.OptionalInt;

/**
 * Configuration of BART ({@code model_type} {@code bart}). The canonical sizes are the encoder's
 * ({@code d_model}, {@code encoder_layers}, {@code encoder_attention_heads}, {@code encoder_ffn_dim}).
 */
public final class BartConfig extends ModelConfig {

    BartConfig(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }

    /** {@code encoder_layers}. */
    public int encoderLayers() {
        return numHiddenLayers();
    }

    /** {@code decoder_layers}. */
    public int decoderLayers() {
        return requireInt("decoder_layers");
    }

    /** {@code encoder_attention_heads}. */
    public int encoderAttentionHeads() {
        return numAttentionHeads();
    }

    /** {@code decoder_attention_heads}. */
    public int decoderAttentionHeads() {
        return requireInt("decoder_attention_heads");
    }

    /** {@code encoder_ffn_dim}. */
    public int encoderFfnDim() {
        return intermediateSize();
    }

    /** {@code decoder_ffn_dim}. */
    public int decoderFfnDim() {
        return requireInt("decoder_ffn_dim");
    }

    /** {@code scale_embedding}: multiply embeddings by sqrt(d_model). */
    public boolean scaleEmbedding() {
        return bool("scale_embedding");
    }

    /** {@code decoder_start_token_id}. */
    public OptionalInt decoderStartTokenId() {
        return optInt("decoder_start_token_id");
    }

    /** {@code forced_eos_token_id}. */
    public OptionalInt forcedEosTokenId() {
        return optInt("forced_eos_token_id");
    }

    @Override
    void validateFamily() {
        for (String f : new String[] {"decoder_layers", "decoder_attention_heads", "decoder_ffn_dim"}) {
            Value v = require(f, true);
            Fields.positiveInt(v.node(), source(), v.key());
        }
        if (hiddenSize() % decoderAttentionHeads() != 0) {
            throw invalid("decoder_attention_heads", "a divisor of d_model (" + hiddenSize() + ")");
        }
        scaleEmbedding();
        decoderStartTokenId();
        forcedEosTokenId();
    }
}
