package dev.hubkit.core.config;


/** Configuration of XLM-RoBERTa ({@code model_type} {@code xlm-roberta}). */
public final class XlmRobertaConfig extends RobertaConfig {

    XlmRobertaConfig(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }
}
