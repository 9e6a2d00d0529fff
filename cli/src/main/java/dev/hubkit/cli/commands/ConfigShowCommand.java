package dev.hubkit.cli.commands;

import dev.hubkit.cli.ConfigPrinter;
import dev.hubkit.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code hubkit config show SOURCE [--json]}: prints the parsed configuration of a model. */
public final class ConfigShowCommand implements Callable<Integer> {

    private final PositionalParamSpec source = Specs.positional("0", String.class, "SOURCE",
            "A model directory, a config.json file, or a hub repo id (org/name).");

    private final OptionSpec json = Specs.flag("--json", "Print one JSON object (the canonical configuration).");

    private final CommandSpec spec = Specs.command(this, "show",
            "Print the parsed configuration of a model: its own fields plus the canonical names "
                    + "(hidden_size, num_hidden_layers, ...) resolved through the family's aliases and defaults.")
            .addPositional(source).addOption(json);

    /** The model of a new {@code config show} command. */
    public static CommandSpec spec() {
        return new ConfigShowCommand().spec;
    }

    @Override
    public Integer call() {
        ConfigPrinter.print(source.getValue(), Specs.isSet(json), spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
