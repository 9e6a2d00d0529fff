package dev.hubkit.converters.mapping;

import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.converters.keras.KerasH5Writer;
import dev.hubkit.converters.tensorflow.TfCheckpointReader;
import dev.hubkit.converters.tensorflow.TfCheckpointWriter;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One-call conversions between PyTorch-named readers and the TensorFlow formats, for the CLI. */
public final class TfConversions {
    private TfConversions() {
    }

    /**
     * Whether {@code reader} is a safetensors file of TF weights: transformers' TF models save safetensors
     * with {@code "format": "tf"} metadata and Keras weight names (without the model scope); transformers'
     * PyTorch models load them through the TF name mapping, and so does hubkit.
     */
    public static boolean isTfSafetensors(TensorReader reader) {
        return reader.format().equals("safetensors") && "tf".equals(reader.metadata().get("format"));
    }

    /**
     * The mapping for {@code reader}'s names ({@code arch} null: detect); its warnings are in
     * {@link NameMapping#warnings()}, not logged.
     */
    public static NameMapping mapping(TensorReader reader, String arch, boolean allowUnmapped) {
        return NameMapping.forArchitecture(arch, names(reader), allowUnmapped);
    }

    /**
     * Whether {@code reader}'s names tell a known architecture (Google's TF1 BERT names included), as
     * {@link #mapping} with no {@code arch} would detect it; nothing is logged.
     */
    public static boolean detectsArchitecture(TensorReader reader) {
        Iterable<String> names = names(reader);
        return GoogleBertNames.detect(names) || Architecture.detect(names) != null;
    }

    private static Iterable<String> names(TensorReader reader) {
        return reader instanceof TfCheckpointReader tf ? tf.readableNames().values()
                : reader.tensors().stream().map(TensorInfo::name).toList();
    }

    /**
     * Checks a PyTorch-named reader (a PyTorch checkpoint, or a TF one seen through {@link PytorchView})
     * against the {@code config.json} next to {@code checkpoint} (or up to two folders up), if there is one:
     * embedding tables and LayerNorm vectors must have the configured sizes ({@link ConfigShapes}).
     *
     * @throws dev.hubkit.converters.FormatException listing every tensor that contradicts the config
     */
    public static void checkConfigShapes(TensorReader pt, Path checkpoint) {
        com.fasterxml.jackson.databind.JsonNode config = ArchitectureSource.config(checkpoint);
        if (config != null) {
            ConfigShapes.check(pt.tensors(), config);
        }
    }

    /** Writes a PyTorch-named checkpoint as a TF checkpoint at {@code prefix}; returns the tensors written. */
    public static List<TensorInfo> writeTfCheckpoint(TensorReader pt, Path prefix, NameMapping mapping)
            throws IOException {
        List<TensorData> mapped = MappedTensors.toTf(pt, mapping);
        write(TfCheckpointWriter.create(prefix, MappedTensors.plan(mapped)), mapped);
        return MappedTensors.plan(mapped);
    }

    /** Writes a PyTorch-named checkpoint as Keras H5 weights at {@code target}. */
    public static List<TensorInfo> writeKerasH5(TensorReader pt, Path target, NameMapping mapping) throws IOException {
        List<TensorData> mapped = MappedTensors.toKeras(pt, mapping);
        write(KerasH5Writer.create(target, MappedTensors.plan(mapped)), mapped);
        return MappedTensors.plan(mapped);
    }

    /** The tensors of a TF checkpoint or Keras H5 reader under PyTorch names, ready for any writer. */
    public static List<TensorData> toPytorch(TensorReader tf, NameMapping mapping) {
        return MappedTensors.toPt(tf, mapping);
    }

    /** Stored name → PyTorch name for {@code hubkit inspect --pt-names} (names with no PyTorch name are absent). */
    public static Map<String, String> ptNames(TensorReader tf, NameMapping mapping) {
        Map<String, String> out = new LinkedHashMap<>();
        ptMapping(tf, mapping).forEach((k, v) -> out.put(k, v.name()));
        return out;
    }

    /**
     * Stored name → PyTorch name and transposition, for every tensor that has a PyTorch name; with
     * {@code --allow-unmapped}, a tensor whose name maps to nothing or to the name of an earlier one keeps its
     * own name untransposed ({@link NameMapping#keepingOwnNames}), so no two tensors share a name.
     */
    public static Map<String, MappedName> ptMapping(TensorReader tf, NameMapping mapping) {
        Map<String, MappedName> out = new LinkedHashMap<>();
        if (tf instanceof TfCheckpointReader bundle) {
            List<TensorInfo> readable = bundle.tensors().stream().map(t -> new TensorInfo(
                    bundle.readableNames().get(t.name()), t.dtype(), t.shape())).toList();
            Map<String, MappedName> m = mapping.toPt(readable);
            for (TensorInfo t : bundle.tensors()) {
                MappedName n = m.get(bundle.readableNames().get(t.name()));
                if (n != null) {
                    out.put(t.name(), n);
                }
            }
        } else {
            out.putAll(mapping.toPt(tf.tensors()));
        }
        return NameMapping.keepingOwnNames(mapping.architecture(), out);
    }

    private static void write(TensorWriter w, List<TensorData> tensors) throws IOException {
        try (w) {
            for (TensorData d : tensors) {
                w.write(d);
            }
            w.finish();
        }
    }
}
