package dev.hubkit.converters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The committed fixtures made by scripts/make-torch-fixtures.py (and scripts/make-torch2-fixtures.py). */
public final class Fixtures {
    private Fixtures() {
    }

    /** The resource folder {@code torch/}. */
    public static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/torch/manifest.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fixture file. */
    public static Path file(String name) {
        return dir().resolve(name);
    }

    /** The manifest's {@code files} object. */
    public static JsonNode manifest() {
        return manifest(dir());
    }

    /**
     * The resource folder {@code torch2/}: fixtures made by scripts/make-torch2-fixtures.py with a modern
     * torch (dtypes without a typed storage class), laid out like {@code torch/}.
     */
    public static Path torch2Dir() {
        return dir().resolveSibling("torch2");
    }

    /** The {@code files} object of the manifest in {@code folder}. */
    public static JsonNode manifest(Path folder) {
        try {
            return new ObjectMapper().readTree(folder.resolve("manifest.json").toFile()).get("files");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a fixture into {@code dir} (tests never touch the originals). */
    public static Path copy(String name, Path dir) throws IOException {
        Path target = dir.resolve(Path.of(name).getFileName().toString());
        Files.copy(file(name), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }
}
