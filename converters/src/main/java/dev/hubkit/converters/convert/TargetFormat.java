package dev.hubkit.converters.convert;

import dev.hubkit.converters.FormatException;
import java.nio.file.Path;
import java.util.Locale;

/** Output formats of {@code hubkit convert}. */
public enum TargetFormat {
    /** {@code .safetensors}, index {@code model.safetensors.index.json}. */
    SAFETENSORS("model", ".safetensors"),
    /** PyTorch zip {@code .bin}, index {@code pytorch_model.bin.index.json}. */
    PYTORCH("pytorch_model", ".bin");

    private final String defaultStem;
    private final String extension;

    TargetFormat(String defaultStem, String extension) {
        this.defaultStem = defaultStem;
        this.extension = extension;
    }

    /** File name used when the destination is a folder ({@code model.safetensors}, {@code pytorch_model.bin}). */
    public String defaultFileName() {
        return defaultStem + extension;
    }

    /** The extension, with its dot. */
    public String extension() {
        return extension;
    }

    /** Parses {@code safetensors} or {@code pytorch} (also {@code pt}, {@code torch}). */
    public static TargetFormat parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "safetensors", "st" -> SAFETENSORS;
            case "pytorch", "pt", "torch", "bin" -> PYTORCH;
            default -> throw new FormatException("unknown output format '" + name + "'; use safetensors or pytorch");
        };
    }

    /** Infers the format from {@code dst}'s name, or throws asking for {@code --to}. */
    public static TargetFormat infer(Path dst) {
        String n = dst.getFileName() == null ? "" : dst.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".safetensors") || n.endsWith(".safetensors.index.json")) {
            return SAFETENSORS;
        }
        if (n.endsWith(".bin") || n.endsWith(".pt") || n.endsWith(".pth") || n.endsWith(".bin.index.json")) {
            return PYTORCH;
        }
        throw new FormatException(dst, "cannot tell the output format from the name; end it with .safetensors or "
                + ".bin, or pass --to safetensors|pytorch");
    }
}
