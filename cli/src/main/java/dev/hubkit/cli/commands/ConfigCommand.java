package dev.hubkit.cli.commands;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code hubkit config}: groups the configuration verbs. */
public final class ConfigCommand implements Runnable {

    private final CommandSpec spec = Specs.command(this, "config", "Read model configurations (config.json).")
            .addSubcommand("show", new CommandLine(ConfigShowCommand.spec(), Specs.FACTORY));

    /** The model of a new {@code config} command with its subcommands. */
    public static CommandSpec spec() {
        return new ConfigCommand().spec;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand (e.g. 'hubkit config show SOURCE')");
    }
}
