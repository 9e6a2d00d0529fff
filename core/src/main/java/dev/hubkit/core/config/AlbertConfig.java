package dev.hubkit.core.config;

import java.util.List;

/** Configuration of ALBERT ({@code model_type} {@code albert}; AlbertConfig defaults are the xxlarge sizes). */
public final class AlbertConfig extends ModelConfig {

    AlbertConfig(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }

    /** {@code embedding_size}: width of the factorised embeddings. */
    public int embeddingSize() {
        return requireInt("embedding_size");
    }

    /** {@code num_hidden_groups}: number of groups of layers that share parameters. */
    public int numHiddenGroups() {
        return requireInt("num_hidden_groups");
    }

    /** {@code inner_group_num}: layers inside each group. */
    public int innerGroupNum() {
        return requireInt("inner_group_num");
    }

    @Override
    void validateFamily() {
        for (String f : List.of("embedding_size", "num_hidden_groups", "inner_group_num")) {
            Value v = require(f, true);
            Fields.positiveInt(v.node(), source(), v.key());
        }
    }
}
