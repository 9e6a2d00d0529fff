package dev.hubkit.cli.quickstart;

import dev.hubkit.cli.ConfigPrinter;
import java.nio.file.Path;

/** Step: parses the model's config.json and prints it, exactly as {@code hubkit config show} does. */
public final class ShowConfigStep implements QuickstartStep {

    @Override
    public String title() {
        return "Read its configuration";
    }

    @Override
    public void run(QuickstartContext context) {
        Path dir = context.requireModelDir();
        context.out().println("      $ hubkit config show " + dir);
        ConfigPrinter.print(dir.toString(), false, context.out());
    }
}
