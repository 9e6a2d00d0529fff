package dev.hubkit.converters.convert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Chooses which name of a group of tied tensors carries the data, the way transformers' models list
 * output heads in {@code _tied_weights_keys}: output heads ({@code lm_head.*}, {@code cls.*},
 * {@code *predictions.decoder.weight}, {@code output.weight}, {@code vocab_projector.weight}, ...) give way
 * to embeddings, then shallower names win ({@code shared.weight} over {@code encoder.embed_tokens.weight}),
 * then the first by name.
 */
public final class TiedNames {
    /** Output heads of other names: DistilBERT, ELECTRA's generator, XLNet, XLM/FlauBERT. */
    private static final Set<String> OTHER_HEADS = Set.of("vocab_projector.weight", "generator_lm_head.weight",
            "lm_loss.weight", "pred_layer.proj.weight");

    private TiedNames() {
    }

    /** The group sorted so that the name to keep comes first. */
    public static List<String> keepFirst(List<String> group) {
        List<String> sorted = new ArrayList<>(group);
        sorted.sort(Comparator.comparingInt((String n) -> outputHead(n) ? 1 : 0)
                .thenComparingLong(n -> n.chars().filter(c -> c == '.').count())
                .thenComparing(Comparator.naturalOrder()));
        return sorted;
    }

    static boolean outputHead(String name) {
        return name.startsWith("lm_head.") || name.contains(".lm_head.") || name.startsWith("cls.")
                || name.endsWith("predictions.decoder.weight") || name.equals("output.weight")
                || name.endsWith(".output_projection.weight") || OTHER_HEADS.contains(name);
    }
}
