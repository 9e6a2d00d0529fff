package dev.hubkit.cli.quickstart;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** State shared by the quickstart steps: where to work, where to print, and what earlier steps produced. */
public final class QuickstartContext {

    private final Path cacheDir;
    private final PrintWriter out;
    private Path modelDir;

    /**
     * @param cacheDir hubkit's cache root; the quickstart works under {@code cacheDir/quickstart}
     * @param out      where steps print
     */
    private boolean scratchReady;

    public QuickstartContext(Path cacheDir, PrintWriter out) {
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** hubkit's cache root: {@code $HUBKIT_CACHE}, else {@code $XDG_CACHE_HOME/hubkit}, else {@code ~/.cache/hubkit}. */
    public static Path defaultCacheDir() {
        String hubkit = System.getenv("HUBKIT_CACHE");
        if (hubkit != null && !hubkit.isBlank()) {
            return Path.of(hubkit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "hubkit");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "hubkit");
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** The folder the quickstart owns: {@code cacheDir/quickstart}. */
    public Path workDir() {
        return cacheDir.resolve("quickstart");
    }

    /**
     * A scratch folder for the steps' outputs (served repo cache, converted weights):
     * {@code cacheDir/quickstart-work}, emptied once per run on first use.
     */
    public Path scratchDir() throws java.io.IOException {
        Path scratch = cacheDir.resolve("quickstart-work");
        if (!scratchReady) {
            if (java.nio.file.Files.exists(scratch, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(scratch)) {
                    for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        java.nio.file.Files.delete(p);
                    }
                }
            }
            java.nio.file.Files.createDirectories(scratch);
            scratchReady = true;
        }
        return scratch;
    }

    public PrintWriter out() {
        return out;
    }

    /** The local model folder, once a step has provided it. */
    public Optional<Path> modelDir() {
        return Optional.ofNullable(modelDir);
    }

    /** The local model folder; fails with a clear message when no earlier step provided it. */
    public Path requireModelDir() {
        if (modelDir == null) {
            throw new IllegalStateException("quickstart step order is wrong: no earlier step provided the model folder");
        }
        return modelDir;
    }

    public void setModelDir(Path modelDir) {
        this.modelDir = Objects.requireNonNull(modelDir, "modelDir");
    }
}
