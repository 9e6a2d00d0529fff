package dev.hubkit.cli;

import dev.hubkit.core.config.AutoConfig;
import dev.hubkit.core.config.ModelConfig;
import dev.hubkit.core.config.PythonJson;
import java.io.PrintWriter;

/** Prints a model's configuration; shared by {@code hubkit config show} and the quickstart. */
public final class ConfigPrinter {

    private ConfigPrinter() {
    }

    /**
     * Loads the configuration of {@code source} (a model directory, a config.json path or a repo id)
     * and prints it.
     *
     * @param json {@code true} for one JSON object (the canonical config, written the way transformers
     *             writes config.json), {@code false}
     *             for the aligned text listing
     */
    public static void print(String source, boolean json, PrintWriter out) {
        ModelConfig config = AutoConfig.fromPretrained(source);
        String text = json ? PythonJson.toJsonString(config.canonicalJson(), false) : config.describe();
        out.print(text);
        if (!text.endsWith("\n")) {
            out.println();
        }
        out.flush();
    }
}
