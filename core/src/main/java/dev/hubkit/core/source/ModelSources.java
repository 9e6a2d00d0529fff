package dev.hubkit.core.source;

import dev.hubkit.core.HubkitException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Entry point of the {@link ModelSource} SPI: resolves a file of a model through the local
 * directory source and every source found by {@link ServiceLoader}.
 */
public final class ModelSources {

    private ModelSources() {
    }

    /** All sources, local directory first. */
    public static List<ModelSource> all() {
        List<ModelSource> sources = new ArrayList<>();
        sources.add(new LocalDirectorySource());
        ServiceLoader.load(ModelSource.class, ModelSources.class.getClassLoader()).forEach(sources::add);
        sources.sort(Comparator.comparingInt(ModelSource::priority));
        return sources;
    }

    /**
     * Resolves {@code file} of {@code model} to a local path.
     *
     * @throws ModelNotFoundException when no source has it; the message lists where it looked
     */
    public static Path resolve(String model, String file) {
        List<String> searched = new ArrayList<>();
        return find(model, file, searched).orElseThrow(() -> notFound(model, file, searched));
    }

    /** Like {@link #resolve} but returns empty when the file is absent. */
    public static Optional<Path> tryResolve(String model, String file) {
        return find(model, file, new ArrayList<>());
    }

    private static Optional<Path> find(String model, String file, List<String> searched) {
        ModelRef ref = ModelRef.parse(model);
        boolean anyAccepted = false;
        for (ModelSource source : all()) {
            if (!source.accepts(ref)) {
                continue;
            }
            anyAccepted = true;
            try {
                Optional<Path> found = source.find(ref, file, searched);
                if (found.isPresent()) {
                    return found;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file + " of " + model + " from " + source.name()
                        + " failed: " + e.getMessage(), e);
            }
        }
        if (!anyAccepted) {
            String hint = ref.isRepoId()
                    ? " (it looks like a hub repo id: put hubkit-hub-client on the classpath to download it)"
                    : " (not an existing directory, and not a valid repo id like org/name)";
            searched.add(model + hint);
        }
        return Optional.empty();
    }

    private static HubkitException notFound(String model, String file, List<String> searched) {
        return new ModelNotFoundException(
                "file '" + file + "' of model '" + model + "' was not found; looked in: " + String.join(", ", searched),
                searched);
    }
}
