package dev.hubkit.converters.convert;

import dev.hubkit.converters.FormatException;
import java.nio.file.Path;
import java.util.Locale;

/** Output formats of {@code hubkit convert}. */
public enum TargetFormat {
    /** {@code .safetensors}, index {@code model.safetensors.index.json}. */
    SAFETENSORS("model", ".safetensors"),
    /** PyTorch zip {@code .bin}, index {@code pytorch_model.bin.index.json}. */
    PYTORCH("pytorch_model", ".bin"),
    /** TensorFlow checkpoint (tensor bundle {@code PREFIX.index} + {@code PREFIX.data-*}), TF2 Keras names. */
    TF_CHECKPOINT("model.ckpt", ""),
    /** Keras H5 weights as {@code transformers}' TF models save them ({@code tf_model.h5}). */
    KERAS_H5("tf_model", ".h5");

    private final String defaultStem;
    private final String extension;

    TargetFormat(String defaultStem, String extension) {
        this.defaultStem = defaultStem;
        this.extension = extension;
    }

    /**
     * File name used when the destination is a folder ({@code model.safetensors}, {@code pytorch_model.bin},
     * {@code tf_model.h5}, or the bundle prefix {@code model.ckpt}).
     */
    public String defaultFileName() {
        return defaultStem + extension;
    }

    /** The extension, with its dot. */
    public String extension() {
        return extension;
    }

    /**
     * Parses {@code safetensors}, {@code pytorch} (also {@code pt}, {@code torch}), {@code tf-checkpoint}
     * (also {@code tf}, {@code ckpt}) or {@code keras-h5} (also {@code h5}).
     */
    public static TargetFormat parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "safetensors", "st" -> SAFETENSORS;
            case "pytorch", "pt", "torch", "bin" -> PYTORCH;
            case "tf-checkpoint", "tf_checkpoint", "tf", "ckpt" -> TF_CHECKPOINT;
            case "keras-h5", "keras_h5", "h5" -> KERAS_H5;
            default -> throw new FormatException("unknown output format '" + name
                    + "'; use safetensors, pytorch, tf-checkpoint or keras-h5");
        };
    }

    /** What {@link #infer} and the refusals tell a user to name DST. */
    private static final String SUPPORTED_NAMES = "NAME.safetensors, NAME.bin (.pt, .pth), NAME.h5 (.hdf5), NAME.ckpt "
            + "(.index) or a shard index NAME.safetensors.index.json / NAME.bin.index.json";

    /** Infers the format from {@code dst}'s name, or throws naming the supported names and {@code --to}. */
    public static TargetFormat infer(Path dst) {
        refuseForeignName(dst);
        TargetFormat f = fromExtension(dst);
        if (f == null) {
            throw new FormatException(dst, "cannot tell the output format from the name; name it " + SUPPORTED_NAMES
                    + ", or pass --to safetensors|pytorch|tf-checkpoint|keras-h5");
        }
        return f;
    }

    /**
     * Refuses a DST whose name means a format hubkit does not write, whatever {@code --to} says: a Keras 3
     * {@code .keras} archive or {@code .weights.h5} file, a {@code .json} that is not a shard index, and a shard
     * index whose stem names no format hubkit shards ({@code model.index.json}, {@code tf_model.h5.index.json}).
     */
    public static void refuseForeignName(Path dst) {
        String n = lowerName(dst);
        String why = null;
        if (n.endsWith(".keras")) {
            why = "names a Keras 3 .keras archive (a zip of the model's config and weights), which hubkit does not "
                    + "write; for Keras H5 weights name it NAME.h5 (--to keras-h5)";
        } else if (n.endsWith(".weights.h5")) {
            why = "names a Keras 3 .weights.h5 file, which Keras 3 reads in its own layout that hubkit does not write; "
                    + "for the H5 layout transformers' TF models and Keras' legacy loader read name it NAME.h5";
        } else if (n.endsWith(".index.json")) {
            String stem = n.substring(0, n.length() - ".index.json".length());
            if (stem.endsWith(".h5") || stem.endsWith(".hdf5")) {
                why = "names a shard index of Keras H5 files, but hubkit writes Keras H5 weights as one file; "
                        + "name it NAME.h5";
            } else if (fromExtension(Path.of(stem)) != SAFETENSORS && fromExtension(Path.of(stem)) != PYTORCH) {
                why = "names a shard index whose stem names no sharded format (a shard index is named after its "
                        + "shards: NAME.safetensors.index.json or NAME.bin.index.json)";
            }
        } else if (n.endsWith(".json")) {
            why = "names a JSON file, not a checkpoint; name it " + SUPPORTED_NAMES;
        }
        if (why != null) {
            throw new FormatException("DST " + dst + " " + why);
        }
    }

    /**
     * The format {@code path}'s extension names ({@code .safetensors}, {@code .bin}/{@code .pt}/{@code .pth},
     * {@code .h5}/{@code .hdf5}, {@code .index}/{@code .ckpt}, and the shard indexes
     * {@code .safetensors.index.json}/{@code .bin.index.json}); null for any other name.
     */
    public static TargetFormat fromExtension(Path path) {
        String n = lowerName(path);
        if (n.endsWith(".index.json")) {
            n = n.substring(0, n.length() - ".index.json".length());
        }
        if (n.endsWith(".safetensors")) {
            return SAFETENSORS;
        }
        if (n.endsWith(".bin") || n.endsWith(".pt") || n.endsWith(".pth")) {
            return PYTORCH;
        }
        if (n.endsWith(".h5") || n.endsWith(".hdf5")) {
            return KERAS_H5;
        }
        if (n.endsWith(".index") || n.endsWith(".ckpt")) {
            return TF_CHECKPOINT;
        }
        return null;
    }

    private static String lowerName(Path path) {
        return path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
    }

    /** The name {@code --to} takes for this format: safetensors, pytorch, tf-checkpoint or keras-h5. */
    public String cliName() {
        return switch (this) {
            case SAFETENSORS -> "safetensors";
            case PYTORCH -> "pytorch";
            case TF_CHECKPOINT -> "tf-checkpoint";
            case KERAS_H5 -> "keras-h5";
        };
    }

    /** Whether this is a TensorFlow-side format, written under mapped TF names. */
    public boolean isTensorflow() {
        return this == TF_CHECKPOINT || this == KERAS_H5;
    }
}
