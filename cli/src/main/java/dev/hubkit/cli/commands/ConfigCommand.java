package dev.hubkit.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hubkit config}: groups the configuration verbs. */
@Command(name = "config",
        description = "Read model configurations (config.json).",
        subcommands = {ConfigShowCommand.class})
public final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand (e.g. 'hubkit config show SOURCE')");
    }
}
