package dev.hubkit.core.config;


/** Configuration of ELECTRA ({@code model_type} {@code electra}; small-discriminator defaults). */
public final class ElectraConfig extends BertConfig {

    ElectraConfig(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }

    /** {@code embedding_size}: width of the embeddings before their projection to the hidden size. */
    public int embeddingSize() {
        return requireInt("embedding_size");
    }

    @Override
    void validateFamily() {
        super.validateFamily();
        Value v = require("embedding_size", true);
        Fields.positiveInt(v.node(), source(), v.key());
    }
}
