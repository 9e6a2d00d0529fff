package dev.hubkit.converters.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The original Google BERT TF1 checkpoint names ({@code bert/encoder/layer_0/attention/self/query/kernel},
 * {@code cls/predictions/output_bias}, {@code cls/seq_relationship/output_weights}) ↔ PyTorch, as
 * transformers' {@code load_tf_weights_in_bert} maps them; optimizer slots and {@code global_step} are skipped.
 */
public final class GoogleBertNames {
    /** The {@code --arch} value selecting this naming. */
    public static final String ID = "bert-tf1";
    private static final Pattern LAYER = Pattern.compile("([A-Za-z]+)_(\\d+)");
    private static final Set<String> SKIP = Set.of("adam_v", "adam_m", "AdamWeightDecayOptimizer",
            "AdamWeightDecayOptimizer_1", "global_step");
    private static final Set<String> TABLES = Set.of("word_embeddings", "position_embeddings", "token_type_embeddings");
    private static final Pattern DETECT = Pattern.compile("^(bert/encoder/layer_\\d+/|bert/embeddings/word_embeddings$|cls/predictions/output_bias$)");

    private GoogleBertNames() {
    }

    /** Whether these names look like a Google TF1 BERT checkpoint. */
    public static boolean detect(Iterable<String> names) {
        for (String n : names) {
            if (DETECT.matcher(n).find()) {
                return true;
            }
        }
        return false;
    }

    /** The PyTorch name; null for optimizer slots and {@code global_step}. */
    public static MappedName toPt(String tfName) {
        List<String> in = Arrays.asList(tfName.split("/"));
        for (String p : in) {
            if (SKIP.contains(p)) {
                return null;
            }
        }
        List<String> out = new ArrayList<>();
        boolean transpose = false;
        for (int i = 0; i < in.size(); i++) {
            String p = in.get(i);
            boolean last = i == in.size() - 1;
            Matcher m = LAYER.matcher(p);
            if (!last && m.matches()) {
                out.add(m.group(1));
                out.add(m.group(2));
            } else if (last) {
                switch (p) {
                    case "kernel" -> {
                        out.add("weight");
                        transpose = true;
                    }
                    case "gamma", "output_weights" -> out.add("weight");
                    case "beta", "output_bias" -> out.add("bias");
                    default -> {
                        out.add(p);
                        if (TABLES.contains(p)) {
                            out.add("weight");
                        }
                    }
                }
            } else {
                out.add(p);
            }
        }
        return new MappedName(String.join(".", out), transpose);
    }

    /** The Google TF1 name of a PyTorch BERT tensor (a headless state dict gets {@code bert/}). */
    public static MappedName toTf(String ptName, long[] shape) {
        List<String> in = new ArrayList<>(Arrays.asList(ptName.split("\\.")));
        if (Architecture.BERT.baseModules().contains(in.get(0))) {
            in.add(0, "bert");
        }
        String leaf = in.remove(in.size() - 1);
        String owner = in.isEmpty() ? "" : in.get(in.size() - 1);
        boolean transpose = false;
        if (owner.equals("LayerNorm")) {
            leaf = leaf.equals("weight") ? "gamma" : leaf.equals("bias") ? "beta" : leaf;
        } else if (TABLES.contains(owner) && leaf.equals("weight")) {
            leaf = null;
        } else if (ptName.endsWith("cls.predictions.bias")) {
            leaf = "output_bias";
        } else if (owner.equals("seq_relationship")) {
            leaf = leaf.equals("weight") ? "output_weights" : "output_bias";
        } else if (leaf.equals("weight") && shape.length == 2) {
            leaf = "kernel";
            transpose = true;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < in.size(); i++) {
            String p = in.get(i);
            if (i > 0 && p.chars().allMatch(Character::isDigit)) {
                sb.append('_').append(p);
            } else {
                sb.append(i > 0 ? "/" : "").append(p);
            }
        }
        if (leaf != null) {
            sb.append('/').append(leaf);
        }
        return new MappedName(sb.toString(), transpose);
    }
}
