package dev.hubkit.core.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * SPI: turns "file F of model M" into a local path. Core ships the local-directory
 * source; hub-client contributes one for repo ids through {@link java.util.ServiceLoader}.
 */
public interface ModelSource {

    /** Short name used in messages, e.g. {@code "local directory"}. */
    String name();

    /** Lower runs first; the local directory source uses 0. */
    default int priority() {
        return 100;
    }

    /** Whether this source understands the model reference at all. */
    boolean accepts(ModelRef model);

    /**
     * Finds {@code file} of {@code model}.
     *
     * @param searched receives a human-readable description of each place looked at
     * @return the local path of the file, or empty when this source does not have it
     */
    Optional<Path> find(ModelRef model, String file, List<String> searched) throws IOException;
}
