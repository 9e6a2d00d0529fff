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
        JsonNode config = config(checkpoint);
        JsonNode type = config == null ? null : config.get("model_type");
        return type == null || !type.isTextual() ? null : type.asText();
    }

    /**
     * The {@code config.json} in {@code checkpoint} (a folder) or next to it, else up to two folders up
     * (a SavedModel's {@code variables/} folder sits below the model); null when there is none.
     */
    public static JsonNode config(Path checkpoint) {
        Path dir = Files.isDirectory(checkpoint) ? checkpoint : checkpoint.toAbsolutePath().getParent();
        for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
            Path config = dir.resolve("config.json");
            if (Files.isRegularFile(config)) {
                try {
                    JsonNode node = new ObjectMapper().readTree(config.toFile());
                    return node != null && node.isObject() ? node : null;
                } catch (IOException e) {
                    throw new FormatException(config, "cannot read config.json: " + e.getMessage(), e);
                }
            }
        }
        return null;
    }
}
