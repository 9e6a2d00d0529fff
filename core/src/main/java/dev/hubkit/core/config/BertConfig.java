package dev.hubkit.core.config;


/** Configuration of BERT-style encoders ({@code model_type} {@code bert}; BertConfig defaults). */
public class BertConfig extends ModelConfig {

    BertConfig(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }

    /** {@code position_embedding_type}: {@code absolute}, {@code relative_key} or {@code relative_key_query}. */
    public String positionEmbeddingType() {
        return string("position_embedding_type");
    }

    /** {@code hidden_dropout_prob}. */
    public double hiddenDropoutProb() {
        return number("hidden_dropout_prob");
    }

    /** {@code attention_probs_dropout_prob}. */
    public double attentionProbsDropoutProb() {
        return number("attention_probs_dropout_prob");
    }

    /** {@code initializer_range}. */
    public double initializerRange() {
        return number("initializer_range");
    }

    @Override
    void validateFamily() {
        positionEmbeddingType();
        hiddenDropoutProb();
        attentionProbsDropoutProb();
        initializerRange();
    }
}
