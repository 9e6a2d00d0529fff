package dev.hubkit.converters.mapping;

import dev.hubkit.core.tensor.TensorInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a whole checkpoint's tensor names between PyTorch and TensorFlow naming for one architecture
 * (a row of {@link Architecture}, or Google's original BERT naming when {@code arch} is
 * {@value GoogleBertNames#ID}). Names that map to nothing, or two names mapping to one, fail with
 * {@link UnmappedNamesException} unless {@code allowUnmapped}, in which case the maps it returns still hold the
 * clash; {@link #keepingOwnNames} resolves it as the writers do (the first keeps the mapped name, the others
 * their own).
 */
public final class NameMapping {
    private final String arch;
    private final boolean allowUnmapped;
    private final boolean scopeless;
    private final List<String> warnings;

    private NameMapping(String arch, boolean allowUnmapped, boolean scopeless, List<String> warnings) {
        this.arch = arch;
        this.allowUnmapped = allowUnmapped;
        this.scopeless = scopeless;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Refuses names that are plainly another architecture's (none has {@code chosen}'s marks, some have
     * another's): mapped by {@code chosen}'s row they would come out wrong without an error (a GPT-2 Conv1D
     * weight transposed as a BERT kernel, a BERT embedding table as a GPT-2 kernel).
     */
    private static void refuseOtherArchitecture(Architecture chosen, Iterable<String> names) {
        for (String n : names) {
            if (chosen.detect().matcher(n).find()) {
                return;
            }
        }
        Architecture other = Architecture.detect(names);
        if (other == null || other == chosen) {
            return;
        }
        String example = null;
        for (String n : names) {
            if (other.detect().matcher(n).find()) {
                example = n;
                break;
            }
        }
        throw new UnmappedNamesException("the tensor names are " + other.id() + " names (e.g. " + example + "), not "
                + chosen.id() + " ones: pass --arch " + other.id() + " (or fix model_type in config.json), or"
                + " --allow-unmapped to map them as " + chosen.id() + " anyway");
    }

    /**
     * This mapping for TF names that carry no model scope: a safetensors file that transformers' TF
     * {@code save_pretrained(safe_serialization=True)} wrote ({@code "format": "tf"}) names weights
     * {@code bert/embeddings/word_embeddings/weight:0}, the Keras name without its first component.
     */
    public NameMapping withoutModelScope() {
        return new NameMapping(arch, allowUnmapped, true, warnings);
    }

    /**
     * A mapping for {@code arch} ({@code model_type} or {@code --arch}); when null, the architecture is
     * detected from {@code names}, and when nothing is detected, {@code allowUnmapped} falls back to the
     * generic TF2 convention (the BERT row) instead of failing. BERT with names in Google's original TF1
     * naming is {@value GoogleBertNames#ID}. Nothing is logged: a warning ({@link #GENERIC_NAMES_WARNING}) is in the
     * mapping's {@link #warnings()}, for the caller to show once its work has succeeded.
     */
    public static NameMapping forArchitecture(String arch, Iterable<String> names, boolean allowUnmapped) {
        return forArchitecture(arch, names, allowUnmapped, warning -> { });
    }

    /** The warning given to the caller when names of no known architecture follow the generic TF2 row. */
    public static final String GENERIC_NAMES_WARNING = "cannot tell the architecture from the tensor names; they"
            + " follow the generic TF2 naming convention (as for bert), names that fit nothing keep their own; pass"
            + " --arch to choose an architecture";

    /**
     * As {@link #forArchitecture(String, Iterable, boolean)}, a warning ({@link #GENERIC_NAMES_WARNING}) also given
     * to {@code warnings} as it arises: for a caller that holds warnings and shows them only once its work has
     * succeeded.
     */
    public static NameMapping forArchitecture(String arch, Iterable<String> names, boolean allowUnmapped,
                                              java.util.function.Consumer<String> warnings) {
        List<String> raised = new java.util.ArrayList<>();
        java.util.function.Consumer<String> warn = w -> {
            raised.add(w);
            warnings.accept(w);
        };
        String id = arch;
        if (id == null) {
            if (GoogleBertNames.detect(names)) {
                id = GoogleBertNames.ID;
            } else {
                Architecture a = Architecture.detect(names);
                if (a == null && allowUnmapped) {
                    // not a transformers model: with --allow-unmapped, names follow transformers' generic TF2
                    // convention (the BERT row: kernel <-> weight transposed, gamma/beta, embeddings), and those
                    // that fit nothing keep their own names; TF -> PyTorch does not depend on the row at all
                    warn.accept(GENERIC_NAMES_WARNING);
                    a = Architecture.BERT;
                }
                if (a == null) {
                    throw new IllegalArgumentException("cannot tell the architecture from the tensor names; pass --arch"
                            + " (one of bert, bert-tf1, roberta, distilbert, albert, electra, gpt2, t5), or"
                            + " --allow-unmapped to convert with the generic TF2 naming convention");
                }
                id = a.id();
            }
        } else if (!id.equals(GoogleBertNames.ID)) {
            Architecture chosen = Architecture.byId(id);
            id = chosen.id();
            if (id.equals(Architecture.BERT.id()) && GoogleBertNames.detect(names)) {
                // a Google TF1 checkpoint beside a transformers config.json (model_type bert), or --arch bert: the
                // TF2 table would turn layer_0 into a module of its own and keep the Adam slots
                org.slf4j.LoggerFactory.getLogger(NameMapping.class).info("the tensor names are Google's original"
                        + " BERT (TF1) names: mapping them as {}", GoogleBertNames.ID);
                id = GoogleBertNames.ID;
            } else if (!allowUnmapped) {
                refuseOtherArchitecture(chosen, names);
            }
        }
        return new NameMapping(id, allowUnmapped, false, raised);
    }

    /**
     * The warnings raised in choosing this mapping (e.g. {@link #GENERIC_NAMES_WARNING}), empty when none; never
     * logged here, so a caller shows them once, when its work has succeeded.
     */
    public List<String> warnings() {
        return warnings;
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
                    : Tf2Names.toPt(t.name(), t.shape(), scopeless);
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
        Map<String, String> firstSource = new LinkedHashMap<>();
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, MappedName> e : mapped.entrySet()) {
            MappedName m = e.getValue();
            String first = m.name().isEmpty() ? null : firstSource.putIfAbsent(m.name(), e.getKey());
            if (m.name().isEmpty() || first != null) {
                bad.add(e.getKey() + " -> " + (m.name().isEmpty() ? "(nothing)"
                        : m.name() + " (duplicate: " + first + " maps there too)"));
            }
        }
        if (!bad.isEmpty() && !allowUnmapped) {
            throw new UnmappedNamesException(arch, bad);
        }
        return mapped;
    }

    /**
     * {@code mapped} with every tensor that maps to nothing, or to a name an earlier tensor already has, kept
     * under its own name untransposed (the first of a clash keeps the mapped name, as the TF writers do):
     * no tensor is ever lost to a clash.
     *
     * @throws UnmappedNamesException when even a tensor's own name is taken by an earlier tensor's mapped name
     */
    public static Map<String, MappedName> keepingOwnNames(String arch, Map<String, MappedName> mapped) {
        Map<String, MappedName> out = new LinkedHashMap<>();
        Map<String, String> taken = new java.util.HashMap<>();
        List<String> stuck = new ArrayList<>();
        for (Map.Entry<String, MappedName> e : mapped.entrySet()) {
            MappedName m = e.getValue();
            MappedName chosen = !m.name().isEmpty() && !taken.containsKey(m.name()) ? m
                    : new MappedName(e.getKey(), false);
            String holder = taken.putIfAbsent(chosen.name(), e.getKey());
            if (holder != null) {
                stuck.add(e.getKey() + " -> " + chosen.name() + " (its own name, already taken by " + holder + ")");
            }
            out.put(e.getKey(), chosen);
        }
        if (!stuck.isEmpty()) {
            throw new UnmappedNamesException(arch, stuck);
        }
        return out;
    }
}
