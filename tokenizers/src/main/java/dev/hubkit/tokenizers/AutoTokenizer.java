package dev.hubkit.tokenizers;

import dev.hubkit.core.source.ModelSources;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the tokenizer of a model by name, directory or file. */
public final class AutoTokenizer {
    private AutoTokenizer() {
    }

    /**
     * Loads {@code tokenizer.json} of {@code source}: a path to a tokenizer.json file, or a model resolved through
     * {@link ModelSources} (a local directory or, with hubkit-hub-client on the classpath, a hub repo id).
     *
     * @throws dev.hubkit.core.source.ModelNotFoundException when no source has the file
     * @throws TokenizerException when the file is malformed or unsupported
     */
    public static Tokenizer fromPretrained(String source) {
        try {
            Path p = Path.of(source);
            if (Files.isRegularFile(p)) {
                return Tokenizer.fromFile(p);
            }
        } catch (java.nio.file.InvalidPathException ignored) {
            // not a path: try the model sources
        }
        return Tokenizer.fromFile(ModelSources.resolve(source, "tokenizer.json"));
    }
}
