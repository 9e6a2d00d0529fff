package dev.hubkit.tokenizers.normalizers;

import dev.hubkit.tokenizers.text.NormalizedString;

/** First pipeline stage: edits the text while keeping alignments to the input. */
public sealed interface Normalizer
        permits BertNormalizer, UnicodeNormalizer, Lowercase, StripAccents, Strip, Replace, Prepend, Precompiled,
        ByteLevelNormalizer, NormalizerSequence, Nmt {

    /** Normalizes {@code s} in place. */
    void normalize(NormalizedString s);

    /** Convenience: normalizes a plain string. */
    default String normalizeString(String s) {
        NormalizedString ns = NormalizedString.of(s);
        normalize(ns);
        return ns.get();
    }
}
