package dev.hubkit.tokenizers.normalizers;

import dev.hubkit.tokenizers.text.NormalizedString;
import java.util.List;

/** Applies normalizers in order. */
public record NormalizerSequence(List<Normalizer> normalizers) implements Normalizer {
    public NormalizerSequence {
        normalizers = List.copyOf(normalizers);
    }

    @Override
    public void normalize(NormalizedString s) {
        for (Normalizer n : normalizers) {
            n.normalize(s);
        }
    }
}
