package dev.hubkit.converters.mapping;

import dev.hubkit.core.tensor.TensorInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a whole checkpoint's tensor names between PyTorch and TensorFlow naming for one architecture
 * (a row of {@link Architecture}, or Google's original BERT naming when {@code arch} is
 * {@value GoogleBertNames#ID}). Names that map to nothing, or two names mapping to one, fail with
 * {@link UnmappedNamesException} unless {@code allowUnmapped}, in which case they keep their own name.
 */
public final class NameMapping {
    private final String arch;
    private final boolean allowUnmapped;

    private NameMapping(String arch, boolean allowUnmapped) {
        this.arch = arch;
        this.allowUnmapped = allowUnmapped;
    }

    /**
     * A mapping for {@code arch} ({@code model_type} or {@code --arch}); when null, the architecture is
     * detected from {@code names}.
     */
    public static NameMapping forArchitecture(String arch, Iterable<String> names, boolean allowUnmapped) {
        String id = arch;
        if (id == null) {
            if (GoogleBertNames.detect(names)) {
                id = GoogleBertNames.ID;
            } else {
                Architecture a = Architecture.detect(names);
                if (a == null) {
                    throw new IllegalArgumentException("cannot tell the architecture from the tensor names; pass --arch"
                            + " (one of bert, bert-tf1, roberta, distilbert, albert, electra, gpt2, t5)");
                }
                id = a.id();
            }
        } else if (!id.equals(GoogleBertNames.ID)) {
            id = Architecture.byId(id).id();
        }
        return new NameMapping(id, allowUnmapped);
    }

    /** The architecture id in use. */
    public String architecture() {
        return arch;
    }

    /** TF names → PyTorch names, for every tensor that has one (optimizer state is dropped). */
    public Map<String, MappedName> toPt(List<TensorInfo> tfTensors) {
        Map<String, MappedName> out = new LinkedHashMap<>();
        for (TensorInfo t : tfTensors) {
            MappedName m = arch.equals(GoogleBertNames.ID) ? GoogleBertNames.toPt(t.name())
                    : Tf2Names.toPt(t.name(), t.shape());
            if (m != null) {
                out.put(t.name(), m);
            }
        }
        return checked(out);
    }

    /** PyTorch names → TF names (no model scope, no {@code :0}). */
    public Map<String, MappedName> toTf(List<TensorInfo> ptTensors) {
        Map<String, MappedName> out = new LinkedHashMap<>();
        Architecture a = arch.equals(GoogleBertNames.ID) ? null : Architecture.byId(arch);
        for (TensorInfo t : ptTensors) {
            out.put(t.name(), a == null ? GoogleBertNames.toTf(t.name(), t.shape()) : Tf2Names.toTf(t.name(),
                    t.shape(), a));
        }
        return checked(out);
    }

    /** The Keras model scope for H5 names of this architecture, e.g. {@code tf_bert_model}. */
    public String kerasScope() {
        return arch.equals(GoogleBertNames.ID) ? Architecture.BERT.tfScope() : Architecture.byId(arch).tfScope();
    }

    private Map<String, MappedName> checked(Map<String, MappedName> mapped) {
        Set<String> seen = new TreeSet<>();
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, MappedName> e : mapped.entrySet()) {
            MappedName m = e.getValue();
            if (m.name().isEmpty() || !seen.add(m.name())) {
                bad.add(e.getKey() + " -> " + (m.name().isEmpty() ? "(nothing)" : m.name() + " (duplicate)"));
            }
        }
        if (!bad.isEmpty() && !allowUnmapped) {
            throw new UnmappedNamesException(arch, bad);
        }
        return mapped;
    }
}
