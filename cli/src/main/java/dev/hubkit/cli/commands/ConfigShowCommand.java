package dev.hubkit.cli.commands;

import dev.hubkit.cli.ConfigPrinter;
import dev.hubkit.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hubkit config show SOURCE [--json]}: prints the parsed configuration of a model. */
@Command(name = "show",
        description = {"Print the parsed configuration of a model: its own fields plus the canonical names "
                + "(hidden_size, num_hidden_layers, ...) resolved through the family's aliases and defaults."})
public final class ConfigShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE",
            description = "A model directory, a config.json file, or a hub repo id (org/name).")
    String source;

    @Option(names = "--json", description = "Print one JSON object (the canonical configuration).")
    boolean json;

    @Override
    public Integer call() {
        ConfigPrinter.print(source, json, spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
