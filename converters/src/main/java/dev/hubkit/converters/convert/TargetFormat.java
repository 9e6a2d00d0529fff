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

    /** Infers the format from {@code dst}'s name, or throws asking for {@code --to}. */
    public static TargetFormat infer(Path dst) {
        TargetFormat f = fromExtension(dst);
        if (f == null) {
            throw new FormatException(dst, "cannot tell the output format from the name; end it with .safetensors, "
                    + ".bin, .h5 or .ckpt, or pass --to safetensors|pytorch|tf-checkpoint|keras-h5");
        }
        return f;
    }

    /**
     * The format {@code path}'s extension names ({@code .safetensors}, {@code .bin}/{@code .pt}/{@code .pth},
     * {@code .h5}, {@code .index}/{@code .ckpt}, and their {@code .index.json}); null for any other name.
     */
    public static TargetFormat fromExtension(Path path) {
        String n = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".safetensors") || n.endsWith(".safetensors.index.json")) {
            return SAFETENSORS;
        }
        if (n.endsWith(".bin") || n.endsWith(".pt") || n.endsWith(".pth") || n.endsWith(".bin.index.json")) {
            return PYTORCH;
        }
        if (n.endsWith(".h5") || n.endsWith(".h5.index.json")) {
            return KERAS_H5;
        }
        if (n.endsWith(".index") || n.endsWith(".ckpt")) {
            return TF_CHECKPOINT;
        }
        return null;
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
