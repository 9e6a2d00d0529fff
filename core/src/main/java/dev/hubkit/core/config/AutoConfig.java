package dev.hubkit.core.config;

import dev.hubkit.core.source.ModelSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads the {@code config.json} of a model and returns the typed config of its family. */
public final class AutoConfig {

    private AutoConfig() {
    }

    /**
     * Loads a model's configuration.
     *
     * @param source a model directory, a path to a {@code .json} config file, or a hub repo id
     *               (resolved through {@link ModelSources#resolve(String, String)})
     * @throws dev.hubkit.core.source.ModelNotFoundException when there is no config.json
     * @throws ConfigException when the file is not a valid configuration
     */
    public static ModelConfig fromPretrained(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("model source is empty: give a directory, a config.json path or a repo id");
        }
        if (source.endsWith(".json")) {
            Path direct = pathOrNull(source);
            if (direct != null && Files.isRegularFile(direct)) {
                return ModelConfig.fromFile(direct);
            }
        }
        return ModelConfig.fromFile(ModelSources.resolve(source, "config.json"));
    }

    /** The model types that have a typed config class; others get a generic one. */
    public static List<String> supportedModelTypes() {
        return Families.knownModelTypes();
    }

    private static Path pathOrNull(String text) {
        try {
            return Path.of(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
