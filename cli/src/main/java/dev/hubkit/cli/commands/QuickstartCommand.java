package dev.hubkit.cli.commands;

import dev.hubkit.cli.ExitCodes;
import dev.hubkit.cli.quickstart.Quickstart;
import dev.hubkit.cli.quickstart.QuickstartContext;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code hubkit quickstart}: the tour on the bundled tiny model; needs no network and no arguments. */
public final class QuickstartCommand implements Callable<Integer> {

    private final OptionSpec cacheDir = Specs.option("--cache-dir", Path.class, "DIR",
            "Where to put hubkit's files (default: $HUBKIT_CACHE, else $XDG_CACHE_HOME/hubkit, "
                    + "else ~/.cache/hubkit).");

    private final CommandSpec spec = Specs.command(this, "quickstart",
            "Walk through what hubkit does, on a tiny BERT model bundled in the program.",
            "Needs no network and no arguments.")
            .addOption(cacheDir);

    /** The model of a new {@code quickstart} command. */
    public static CommandSpec spec() {
        return new QuickstartCommand().spec;
    }

    @Override
    public Integer call() throws Exception {
        Path given = cacheDir.getValue();
        Path dir = given != null ? given : QuickstartContext.defaultCacheDir();
        QuickstartContext context = new QuickstartContext(dir, spec.commandLine().getOut());
        Quickstart.withDefaultSteps().run(context);
        return ExitCodes.OK;
    }
}
