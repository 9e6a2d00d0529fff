package dev.hubkit.tokenizers.sentencepiece;

import java.util.Arrays;

/**
 * The model's NormalizerSpec (or DenormalizerSpec): rule name, the precompiled charsmap blob
 * (empty for "identity") and the whitespace flags.
 */
public record NormalizerSpec(String name, byte[] precompiledCharsmap, boolean addDummyPrefix,
                             boolean removeExtraWhitespaces, boolean escapeWhitespaces,
                             String normalizationRuleTsv) {
    /** Copies the charsmap so the record stays immutable. */
    public NormalizerSpec {
        precompiledCharsmap = precompiledCharsmap.clone();
    }

    /** A copy of the precompiled charsmap (sentencepiece's binary format; empty when there is none). */
    @Override
    public byte[] precompiledCharsmap() {
        return precompiledCharsmap.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NormalizerSpec n && name.equals(n.name)
                && Arrays.equals(precompiledCharsmap, n.precompiledCharsmap) && addDummyPrefix == n.addDummyPrefix
                && removeExtraWhitespaces == n.removeExtraWhitespaces && escapeWhitespaces == n.escapeWhitespaces
                && normalizationRuleTsv.equals(n.normalizationRuleTsv);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(precompiledCharsmap);
    }

    @Override
    public String toString() {
        return "NormalizerSpec[name=" + name + ", precompiledCharsmap=" + precompiledCharsmap.length
                + " bytes, addDummyPrefix=" + addDummyPrefix + ", removeExtraWhitespaces=" + removeExtraWhitespaces
                + ", escapeWhitespaces=" + escapeWhitespaces + "]";
    }
}
