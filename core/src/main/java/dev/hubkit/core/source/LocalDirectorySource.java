package dev.hubkit.core.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Resolves files of a model that is a local directory. */
public final class LocalDirectorySource implements ModelSource {

    @Override
    public String name() {
        return "local directory";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public boolean accepts(ModelRef model) {
        return model.localDirectory().isPresent();
    }

    @Override
    public Optional<Path> find(ModelRef model, String file, List<String> searched) {
        Path dir = model.localDirectory().orElseThrow();
        Path candidate = dir.resolve(file).normalize();
        searched.add(candidate.toString());
        // compare absolute paths: "." normalizes to the empty path, which no relative candidate starts with
        if (!candidate.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize())) {
            return Optional.empty();
        }
        return Files.isRegularFile(candidate) ? Optional.of(candidate) : Optional.empty();
    }
}
