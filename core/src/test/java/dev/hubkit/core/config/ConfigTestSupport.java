package dev.hubkit.core.config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Helpers shared by the config tests. */
final class ConfigTestSupport {

    private ConfigTestSupport() {
    }

    /** A test resource as a path. */
    static Path resource(String name) {
        URL url = ConfigTestSupport.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource missing: " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A test resource as text. */
    static String text(String name) {
        try (InputStream in = ConfigTestSupport.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real config.json of one model under {@code configs/}. */
    static Path config(String model) {
        return resource("configs/" + model + "/config.json");
    }

    /** Runs {@code action} and returns what was logged to stderr (slf4j-simple writes there). */
    static String stderrOf(Runnable action) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** Removes all whitespace outside string literals, for "byte-identical modulo whitespace" checks. */
    static String squeeze(String json) {
        StringBuilder sb = new StringBuilder(json.length());
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                sb.append(c);
                if (c == '\\') {
                    sb.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                sb.append(c);
            } else if (!Character.isWhitespace(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
