package dev.hubkit.converters.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.converters.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the architecture for name mapping: {@code --arch}, else {@code model_type} of a nearby {@code config.json}. */
public final class ArchitectureSource {
    private ArchitectureSource() {
    }

    /**
     * {@code override} when given; else {@code model_type} of {@code config.json} in {@code checkpoint}
     * (a folder) or next to it; else null (detect from names).
     */
    public static String resolve(String override, Path checkpoint) {
        if (override != null && !override.isBlank()) {
            return override.strip();
        }
        Path dir = Files.isDirectory(checkpoint) ? checkpoint : checkpoint.toAbsolutePath().getParent();
        // The folder itself, then up to two levels up (a SavedModel's variables/ folder sits below the model).
        for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
            Path config = dir.resolve("config.json");
            if (Files.isRegularFile(config)) {
                try {
                    JsonNode type = new ObjectMapper().readTree(config.toFile()).get("model_type");
                    return type == null || !type.isTextual() ? null : type.asText();
                } catch (IOException e) {
                    throw new FormatException(config, "cannot read model_type: " + e.getMessage(), e);
                }
            }
        }
        return null;
    }
}
