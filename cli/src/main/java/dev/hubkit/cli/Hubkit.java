package dev.hubkit.cli;

import dev.hubkit.cli.commands.CacheCommand;
import dev.hubkit.cli.commands.ConfigCommand;
import dev.hubkit.cli.commands.ConvertCommand;
import dev.hubkit.cli.commands.DecodeCommand;
import dev.hubkit.cli.commands.DownloadCommand;
import dev.hubkit.cli.commands.InspectCommand;
import dev.hubkit.cli.commands.QuickstartCommand;
import dev.hubkit.cli.commands.RunCommand;
import dev.hubkit.cli.commands.ServeCommand;
import dev.hubkit.cli.commands.TokenizeCommand;
import dev.hubkit.cli.commands.TokenizerCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code hubkit} program: the top command. Every verb is a subcommand class in
 * {@link dev.hubkit.cli.commands}; register new ones in {@code subcommands} below.
 *
 * <p>Exit codes: {@value ExitCodes#OK} success, {@value ExitCodes#USER_ERROR} user error (bad arguments or
 * input), {@value ExitCodes#INTERNAL_ERROR} internal error. See {@link ErrorHandler}.
 */
@Command(
        name = "hubkit",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT, // every subcommand gets -h/--help and -V/--version too
        versionProvider = VersionProvider.class,
        description = "Hugging Face models on the JVM: configs, tokenizers, weights, hub and inference.",
        // the subcommands are added in code, see COMMANDS
        footer = {"", "Exit codes: 0 success, 1 user error (bad arguments or input), 2 internal error.",
                  "Add --verbose to any command to see the stack trace of an error."})
public final class Hubkit implements Runnable {

    /**
     * The subcommands, in the order help lists them. Register new ones here. Building a command's model
     * costs picocli reflection and class loading, so {@link #main} builds only the one that will run.
     */
    static final List<Class<?>> COMMANDS = List.of(QuickstartCommand.class, ConfigCommand.class,
            TokenizeCommand.class, DecodeCommand.class, InspectCommand.class, ConvertCommand.class,
            DownloadCommand.class, CacheCommand.class, ServeCommand.class, RunCommand.class, TokenizerCommand.class,
            HelpCommand.class);

    @Spec
    CommandSpec spec;

    /** Global option; inherited by every subcommand so it may also be given after them. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace when a command fails.")
    boolean verbose;

    /** Runs the program and exits with its exit code; the only place that calls System.exit. */
    public static void main(String[] args) {
        System.exit(newCommandLine(args).execute(args));
    }

    /** A command line for {@code hubkit} with hubkit's error handling installed. */
    public static CommandLine newCommandLine() {
        return withCommands(COMMANDS);
    }

    /**
     * A command line that runs {@code args} exactly as {@link #newCommandLine()} does, holding only the
     * subcommand that {@code args} start with when it names one (other than {@code help}, which lists
     * them all), else all of them: a subcommand's parsing, help and errors do not depend on its siblings.
     */
    static CommandLine newCommandLine(String[] args) {
        if (args.length > 0) {
            for (Class<?> c : COMMANDS) {
                if (c != HelpCommand.class && args[0].equals(c.getAnnotation(Command.class).name())) {
                    return withCommands(List.of(c));
                }
            }
        }
        return newCommandLine();
    }

    private static CommandLine withCommands(List<Class<?>> commands) {
        CommandLine cmd = new CommandLine(new Hubkit());
        for (Class<?> c : commands) {
            cmd.addSubcommand(c);
        }
        ErrorHandler handler = new ErrorHandler();
        cmd.setParameterExceptionHandler(handler);
        cmd.setExecutionExceptionHandler(handler);
        cmd.setExecutionStrategy(new ErrorCatchingStrategy());
        return cmd;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command (start with 'hubkit quickstart')");
    }
}
