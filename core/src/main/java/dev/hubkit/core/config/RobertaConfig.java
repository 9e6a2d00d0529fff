package dev.hubkit.core.config;


/** Configuration of RoBERTa ({@code model_type} {@code roberta}): BERT's fields, pad 1 / bos 0 / eos 2. */
public class RobertaConfig extends BertConfig {

    RobertaConfig(ConfigJson.Parsed json, String source, FamilySpec spec, String modelType) {
        super(json, source, spec, modelType);
    }
}
