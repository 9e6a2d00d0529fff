package dev.hubkit.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hubkit tokenizer convert}: tokenizer file tools. */
public final class TokenizerCommand implements Callable<Integer> {

    private final CommandSpec spec = Specs.command(this, "tokenizer", "Tokenizer file tools.")
            .addSubcommand("convert", new CommandLine(TokenizerConvertCommand.spec(), Specs.FACTORY));

    /** The model of a new {@code tokenizer} command with its subcommands. */
    public static CommandSpec spec() {
        return new TokenizerCommand().spec;
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: convert");
    }
}
