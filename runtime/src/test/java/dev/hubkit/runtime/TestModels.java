package dev.hubkit.runtime;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates committed test fixtures. */
public final class TestModels {
    private TestModels() {
    }

    /** The tiny BERT folder written by scripts/make-tiny-torch-bert.py. */
    public static Path tinyBert() {
        return resource("tiny-bert");
    }

    /** A folder or file under src/test/resources. */
    public static Path resource(String name) {
        URL url = TestModels.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
