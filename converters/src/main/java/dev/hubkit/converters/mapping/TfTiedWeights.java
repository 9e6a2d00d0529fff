package dev.hubkit.converters.mapping;

import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.convert.TiedNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tied PyTorch weights (several names, one storage) as transformers' TF2 models store them. The output
 * heads that TF models take from the input embeddings (GPT-2 {@code lm_head.weight} is
 * {@code transformer/wte/weight}, BERT's {@code cls.predictions.decoder.weight} is the word embeddings,
 * T5's {@code encoder.embed_tokens} is {@code shared}, ...) are not stored again; any other name tied to
 * a tensor is written as a weight of its own, because the TF model has a variable for it.
 */
public final class TfTiedWeights {
    private static final Map<String, Pattern> REUSED = Map.of(
            "bert", Pattern.compile("^cls\\.predictions\\.decoder\\.(weight|bias)$"),
            "roberta", Pattern.compile("^lm_head\\.decoder\\.(weight|bias)$"),
            "distilbert", Pattern.compile("^vocab_projector\\.weight$"),
            "albert", Pattern.compile("^predictions\\.decoder\\.(weight|bias)$"),
            "electra", Pattern.compile("^generator_lm_head\\.(weight|bias)$"),
            "gpt2", Pattern.compile("^lm_head\\.weight$"),
            "t5", Pattern.compile("^((encoder|decoder)\\.embed_tokens\\.weight|lm_head\\.weight)$"));

    private TfTiedWeights() {
    }

    /**
     * Names of {@code reader}'s tied tensors that the TF model does not store, each with the name that
     * carries its data (the one {@link TiedNames#keepFirst} keeps).
     */
    public static Map<String, String> reused(TensorReader reader, NameMapping mapping) {
        String arch = mapping.architecture().equals(GoogleBertNames.ID) ? "bert" : mapping.architecture();
        Pattern reused = REUSED.getOrDefault(arch, Pattern.compile("(?!)"));
        Map<String, String> out = new LinkedHashMap<>();
        for (List<String> tied : reader.aliases()) {
            List<String> group = TiedNames.keepFirst(tied);
            for (String name : group.subList(1, group.size())) {
                if (reused.matcher(name).find()) {
                    out.put(name, group.get(0));
                }
            }
        }
        return out;
    }
}
