package dev.hubkit.converters.mapping;

import dev.hubkit.converters.FormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * transformers' TF2 weight names ↔ PyTorch state-dict names, following
 * {@code convert_tf_weight_name_to_pt_weight_name}: strip the model scope and {@code :0}, {@code _._}
 * ↔ {@code .}, {@code kernel} ↔ {@code weight} (transposed), {@code gamma}/{@code beta} ↔
 * {@code weight}/{@code bias}, {@code embeddings} ↔ {@code weight}.
 */
public final class Tf2Names {
    private static final Pattern TRIPLE = Pattern.compile("/[^/]*___([^/]*)/");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern SLOT = Pattern.compile("(^|/)(\\.OPTIMIZER_SLOT|optimizer|save_counter|_CHECKPOINTABLE_OBJECT_GRAPH)(/|$)");

    private Tf2Names() {
    }

    /** Whether {@code name} may match {@link #SLOT}: it contains one of its words. */
    private static boolean mayBeSlot(String name) {
        return name.contains("OPTIMIZER_SLOT") || name.contains("optimizer") || name.contains("save_counter")
                || name.contains("_CHECKPOINTABLE_OBJECT_GRAPH");
    }

    /**
     * The PyTorch name of TF weight {@code tfName}; null for optimizer state and counters, which have none.
     * The level-zero model scope is removed when the name carries {@code :0} (Keras H5) or starts with {@code tf_}.
     */
    public static MappedName toPt(String tfName, long[] shape) {
        return toPt(tfName, shape, false);
    }

    /**
     * As {@link #toPt(String, long[])}, but when {@code scopeless} the name carries no model scope (TF-format
     * safetensors save Keras names without it), so no first component is dropped.
     */
    public static MappedName toPt(String tfName, long[] shape, boolean scopeless) {
        String name = tfName;
        boolean keras = name.endsWith(":0");
        if (keras) {
            name = name.substring(0, name.length() - 2);
        }
        if (name.endsWith("/.ATTRIBUTES/VARIABLE_VALUE")) {
            name = name.substring(0, name.length() - "/.ATTRIBUTES/VARIABLE_VALUE".length());
        }
        // plain string tests first: a fresh process runs this for every tensor before the regex engine is
        // compiled, and most names hold none of these
        if (mayBeSlot(name) && SLOT.matcher(name).find() || name.equals("global_step")) {
            return null;
        }
        if (name.contains("___")) {
            name = TRIPLE.matcher("/" + name + "/").replaceAll("/$1/");
            name = name.substring(1, name.length() - 1);
        }
        name = name.replace("_._", "/");
        if (name.contains("//")) {
            name = name.replaceAll("//+", "/");
        }
        List<String> parts = new ArrayList<>(Arrays.asList(name.split("/")));
        if (parts.isEmpty()) {
            throw new FormatException("tensor '" + tfName + "' has a name of slashes only, which no PyTorch name can"
                    + " stand for; rename it before converting");
        }
        if (parts.size() > 1 && !scopeless && (keras || parts.get(0).startsWith("tf_"))) {
            parts.remove(0);
        }
        String leaf = parts.get(parts.size() - 1);
        boolean transpose = leaf.equals("kernel") && shape.length == 2;
        if (leaf.equals("kernel") || leaf.equals("embeddings") || leaf.equals("gamma")) {
            parts.set(parts.size() - 1, "weight");
        } else if (leaf.equals("beta")) {
            parts.set(parts.size() - 1, "bias");
        }
        return new MappedName(String.join(".", parts), transpose);
    }

    /**
     * The TF2 name (no model scope, no {@code :0}) of PyTorch tensor {@code ptName} for {@code arch}.
     * A headless state dict (e.g. {@code embeddings.word_embeddings.weight}) gets the base prefix.
     */
    public static MappedName toTf(String ptName, long[] shape, Architecture arch) {
        List<String> parts = new ArrayList<>(Arrays.asList(ptName.split("\\.")));
        if (parts.isEmpty()) {
            throw new FormatException("tensor '" + ptName + "' has a name of dots only, which no TensorFlow name can"
                    + " stand for; rename it before converting to TensorFlow");
        }
        if (!arch.basePrefix().isEmpty() && arch.baseModules().contains(parts.get(0))) {
            parts.add(0, arch.basePrefix());
        }
        if (parts.size() > 2) {
            String head = arch.headLayers().get(parts.get(0) + "." + parts.get(1));
            if (head != null) {
                parts.set(0, head);
            }
        }
        String leaf = parts.get(parts.size() - 1);
        String module = String.join(".", parts.subList(0, parts.size() - 1));
        String owner = parts.size() > 1 ? parts.get(parts.size() - 2) : "";
        boolean transpose = false;
        if (arch.layerNorm().matcher(module).find()) {
            if (leaf.equals("weight")) {
                leaf = "gamma";
            } else if (leaf.equals("bias")) {
                leaf = "beta";
            }
        } else if (leaf.equals("weight") && arch.embeddings().containsKey(owner)) {
            leaf = arch.embeddings().get(owner);
        } else if (leaf.equals("weight") && shape.length == 2 && !arch.conv1d().matcher(module).find()) {
            leaf = "kernel";
            transpose = true;
        }
        parts.set(parts.size() - 1, leaf);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            if (i > 0 && NUMBER.matcher(p).matches()) {
                sb.append("_._").append(p);
            } else {
                if (i > 0) {
                    sb.append('/');
                }
                sb.append(p);
            }
        }
        return new MappedName(sb.toString(), transpose);
    }
}
