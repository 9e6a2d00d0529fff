package dev.hubkit.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hubkit tokenizer convert}: tokenizer file tools. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = "Tokenizer file tools.",
        subcommands = {TokenizerConvertCommand.class})
public final class TokenizerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: convert");
    }
}
