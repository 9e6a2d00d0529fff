package dev.hubkit.converters.mapping;

import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.tensorflow.TfCheckpointReader;
import dev.hubkit.core.tensor.TensorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Applies a name mapping to a reader's tensors: renamed and, for dense kernels, transposed on the fly. */
public final class MappedTensors {
    private MappedTensors() {
    }

    /**
     * The tensors of a PyTorch-named reader under TF names; tied output heads that the TF model takes from
     * the input embeddings are left out ({@link TfTiedWeights}).
     */
    public static List<TensorData> toTf(TensorReader pt, NameMapping mapping) {
        List<TensorInfo> tensors = withoutReused(pt, mapping);
        return apply(pt, tensors, mapping.toTf(tensors));
    }

    /**
     * The tensors of a PyTorch-named reader under Keras H5 weight names: the TF name inside the
     * architecture's model scope, with {@code :0} (e.g. {@code tf_bert_model/bert/embeddings/word_embeddings/weight:0}).
     */
    public static List<TensorData> toKeras(TensorReader pt, NameMapping mapping) {
        List<TensorData> out = new ArrayList<>();
        for (TensorData d : toTf(pt, mapping)) {
            String name = mapping.kerasScope() + "/" + d.info().name() + ":0";
            out.add(d instanceof TransposedData || d instanceof RenamedData ? rename(d, name) : d);
        }
        return out;
    }

    private static TensorData rename(TensorData d, String name) {
        return new RenamedData(d, name);
    }

    /** The tensors of a TF checkpoint under PyTorch names, mapped from their readable names. */
    public static List<TensorData> toPt(TfCheckpointReader tf, NameMapping mapping) {
        List<TensorInfo> readable = new ArrayList<>();
        for (TensorInfo t : tf.tensors()) {
            readable.add(new TensorInfo(tf.readableNames().get(t.name()), t.dtype(), t.shape()));
        }
        Map<String, MappedName> names = mapping.toPt(readable);
        List<TensorData> out = new ArrayList<>();
        for (TensorInfo t : tf.tensors()) {
            MappedName m = names.get(tf.readableNames().get(t.name()));
            if (m != null) {
                out.add(wrap(tf.data(t.name()), m));
            }
        }
        TransposedData.chain(out);
        return out;
    }

    /** The tensors of any TF-named reader (e.g. Keras H5) under PyTorch names. */
    public static List<TensorData> toPt(TensorReader tf, NameMapping mapping) {
        if (tf instanceof TfCheckpointReader bundle) {
            return toPt(bundle, mapping);
        }
        return apply(tf, tf.tensors(), mapping.toPt(tf.tensors()));
    }

    /** The infos of a mapped tensor list, for a writer's plan. */
    public static List<TensorInfo> plan(List<TensorData> tensors) {
        return tensors.stream().map(TensorData::info).toList();
    }

    private static List<TensorData> apply(TensorReader r, List<TensorInfo> tensors, Map<String, MappedName> names) {
        List<TensorData> out = new ArrayList<>();
        for (TensorInfo t : tensors) {
            MappedName m = names.get(t.name());
            if (m != null) {
                out.add(wrap(r.data(t.name()), m));
            }
        }
        TransposedData.chain(out);
        return out;
    }

    private static TensorData wrap(TensorData d, MappedName m) {
        return m.transpose() ? new TransposedData(d, m.name()) : new RenamedData(d, m.name());
    }

    private static List<TensorInfo> withoutReused(TensorReader r, NameMapping mapping) {
        java.util.Set<String> dropped = TfTiedWeights.reused(r, mapping).keySet();
        return r.tensors().stream().filter(t -> !dropped.contains(t.name())).toList();
    }
}
