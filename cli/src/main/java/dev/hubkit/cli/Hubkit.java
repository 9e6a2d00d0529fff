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
import dev.hubkit.cli.commands.Specs;
import dev.hubkit.cli.commands.TokenizeCommand;
import dev.hubkit.cli.commands.TokenizerCommand;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * The {@code hubkit} program: the top command. Every verb is a subcommand class in
 * {@link dev.hubkit.cli.commands}; register new ones in {@link #COMMANDS} and {@link #command(String)}.
 *
 * <p>The command models are built with picocli's programmatic API (see {@link Specs}), not its annotations:
 * reading annotations costs reflection, dynamic proxies and generated accessors on every start. The top
 * command's attributes ({@code --verbose}, version provider, footer) are inherited by every subcommand,
 * and every hubkit command has the standard help options (see {@link Specs#addStandardHelpOptions}).
 *
 * <p>Exit codes: {@value ExitCodes#OK} success, {@value ExitCodes#USER_ERROR} user error (bad arguments or
 * input), {@value ExitCodes#INTERNAL_ERROR} internal error. See {@link ErrorHandler}. A failing command writes one
 * stderr line: the warnings logged on its way are held and dropped ({@link #execute}).
 */
public final class Hubkit implements Runnable {

    /** The subcommands, in the order help lists them. Register new ones here and in {@link #command}. */
    static final List<String> COMMANDS = List.of("quickstart", "config", "tokenize", "decode", "inspect", "convert",
            "download", "cache", "serve", "run", "tokenizer", "help");

    /** The only arguments that print the version (or fail) without ever looking at a subcommand. */
    private static final List<String> TOP_ONLY = List.of("--version", "-V", "--verbose");

    private final CommandSpec spec;

    private Hubkit() {
        spec = CommandSpec.wrapWithoutInspection(this, Specs.FACTORY).name("hubkit").scopeType(ScopeType.INHERIT)
                .versionProvider(new VersionProvider());
        spec.usageMessage()
                .description("Hugging Face models on the JVM: configs, tokenizers, weights, hub and inference.")
                .footer("", "Exit codes: 0 success, 1 user error (bad arguments or input), 2 internal error.",
                        "Add --verbose to any command to see the stack trace of an error.");
        // global option: inherited by every subcommand so it may also be given after them
        spec.addOption(OptionSpec.builder(ErrorHandler.VERBOSE).type(boolean.class).initialValue(false)
                .scopeType(ScopeType.INHERIT).description("Print the stack trace when a command fails.").build());
        Specs.withStandardHelpOptions(spec);
    }

    /**
     * The types of picocli's built-in converters that no hubkit option or parameter has (a regular expression
     * for {@code picocli.converters.excludes}): every command line would otherwise look each of them up by
     * reflection when it is made.
     */
    static final String UNUSED_CONVERTERS = "java\\.(sql|time)\\..*";

    /** Runs the program and exits with its exit code; the only place that calls System.exit. */
    public static void main(String[] args) {
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", UNUSED_CONVERTERS);
        }
        System.exit(execute(newCommandLine(args), args));
    }

    /** Commands that run until stopped: their warnings are news while they run, so they are never held. */
    private static final List<String> LONG_RUNNING = List.of("serve", "quickstart");

    /**
     * Runs {@code args} on {@code cmd}, holding the log lines written to stderr until the command ends (see
     * {@link HeldLogLines}): a failure ends with its one error line only, a success shows each warning once.
     * With {@code --verbose}, and for {@link #LONG_RUNNING} commands, they pass straight through.
     */
    static int execute(CommandLine cmd, String[] args) {
        String command = null; // a loop, not a stream: lambdas cost start-up time
        boolean verbose = false;
        for (String a : args) {
            verbose |= a.equals(ErrorHandler.VERBOSE);
            if (command == null && !a.startsWith("-")) {
                command = a;
            }
        }
        if (verbose || command != null && LONG_RUNNING.contains(command)) {
            return cmd.execute(args);
        }
        PrintStream real = System.err;
        cmd.setErr(cmd.getErr()); // the command's own stderr (the error line) stays on the real stream
        HeldLogLines held = HeldLogLines.install(real);
        int code = ExitCodes.INTERNAL_ERROR;
        try {
            code = cmd.execute(args);
            return code;
        } finally {
            held.release(code == ExitCodes.OK);
        }
    }

    /** A command line for {@code hubkit} with hubkit's error handling installed. */
    public static CommandLine newCommandLine() {
        return withCommands(COMMANDS);
    }

    /**
     * A command line that runs {@code args} exactly as {@link #newCommandLine()} does, holding only the
     * subcommand that {@code args} start with when it names one (other than {@code help}, which lists
     * them all), none when they are only {@code --version} and {@code --verbose}, else all of them: a
     * subcommand's parsing, help and errors do not depend on its siblings.
     */
    static CommandLine newCommandLine(String[] args) {
        if (args.length > 0 && !args[0].equals("help") && COMMANDS.contains(args[0])) {
            return withCommands(List.of(args[0]));
        }
        if (args.length > 0 && TOP_ONLY.containsAll(List.of(args))) {
            return withCommands(List.of());
        }
        return newCommandLine();
    }

    private static CommandLine withCommands(List<String> commands) {
        CommandLine cmd = new CommandLine(new Hubkit().spec, Specs.FACTORY);
        for (String name : commands) {
            if (name.equals("help")) {
                cmd.addSubcommand(new HelpCommand()); // picocli's own, an annotated class: read only here
            } else {
                CommandLine sub = new CommandLine(command(name), Specs.FACTORY);
                Specs.addStandardHelpOptions(sub);
                cmd.addSubcommand(name, sub);
            }
        }
        ErrorHandler handler = new ErrorHandler();
        cmd.setParameterExceptionHandler(handler);
        cmd.setExecutionExceptionHandler(handler);
        cmd.setExecutionStrategy(new ErrorCatchingStrategy());
        return cmd;
    }

    /** The model of the subcommand {@code name}, a new command object behind it. */
    private static CommandSpec command(String name) {
        switch (name) {
            case "quickstart": return QuickstartCommand.spec();
            case "config": return ConfigCommand.spec();
            case "tokenize": return TokenizeCommand.spec();
            case "decode": return DecodeCommand.spec();
            case "inspect": return InspectCommand.spec();
            case "convert": return ConvertCommand.spec();
            case "download": return DownloadCommand.spec();
            case "cache": return CacheCommand.spec();
            case "serve": return ServeCommand.spec();
            case "run": return RunCommand.spec();
            case "tokenizer": return TokenizerCommand.spec();
            default: throw new IllegalArgumentException("no hubkit command " + name);
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command (start with 'hubkit quickstart')");
    }
}
