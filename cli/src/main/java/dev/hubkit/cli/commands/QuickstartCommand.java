package dev.hubkit.cli.commands;

import dev.hubkit.cli.ExitCodes;
import dev.hubkit.cli.quickstart.Quickstart;
import dev.hubkit.cli.quickstart.QuickstartContext;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hubkit quickstart}: the tour on the bundled tiny model; needs no network and no arguments. */
@Command(name = "quickstart",
        description = {"Walk through what hubkit does, on a tiny BERT model bundled in the program.",
                "Needs no network and no arguments."})
public final class QuickstartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where to put hubkit's files (default: $HUBKIT_CACHE, else $XDG_CACHE_HOME/hubkit, "
                    + "else ~/.cache/hubkit).")
    Path cacheDir;

    @Override
    public Integer call() throws Exception {
        Path dir = cacheDir != null ? cacheDir : QuickstartContext.defaultCacheDir();
        QuickstartContext context = new QuickstartContext(dir, spec.commandLine().getOut());
        Quickstart.withDefaultSteps().run(context);
        return ExitCodes.OK;
    }
}
