package dev.hubkit.cli.commands;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Builders for the commands' picocli models, made with picocli's programmatic API: no annotation
 * reflection, dynamic proxies or generated accessors at start-up, which took about half of the fixed
 * cost of every command. Options and parameters keep their values themselves (a command reads them with
 * {@code getValue()} when it runs), so help, parsing and error messages are picocli's own.
 *
 * <p>Every option gets its {@code paramLabel} explicitly; without one picocli would print {@code PARAM}
 * where the annotation API printed {@code <fieldName>}, so the commands pass the latter where they had it.
 */
public final class Specs {

    /**
     * The factory every hubkit command line uses: picocli's default one, made only when picocli first has
     * something to instantiate (hubkit's commands give it their objects, so usually never). Making picocli's
     * default factory looks up an optional Groovy class, and that miss (the only class or resource a command
     * asks for that the launcher's class-data-sharing archive does not hold) opened the whole application
     * jar, thousands of entries, on every start: about 10-40 ms.
     */
    public static final CommandLine.IFactory FACTORY = new CommandLine.IFactory() {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            return CommandLine.defaultFactory().create(type);
        }
    };

    private Specs() {
    }

    /**
     * A command named {@code name} whose user object {@code command} (a Callable or Runnable) runs it. The
     * standard help options come later, see {@link #addStandardHelpOptions(CommandLine)}.
     */
    public static CommandSpec command(Object command, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command, FACTORY).name(name);
        spec.usageMessage().description(description);
        return spec;
    }

    /**
     * Adds {@code -h, --help} and {@code -V, --version} to {@code spec} as picocli's
     * {@code mixinStandardHelpOptions} does, after the options it has.
     */
    public static CommandSpec withStandardHelpOptions(CommandSpec spec) {
        return spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("Show this help message and exit.").build())
                .addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                        .description("Print version information and exit.").build());
    }

    /**
     * Adds the standard help options to {@code command} and its subcommands, as the top command's inherited
     * {@code mixinStandardHelpOptions} did: call it before {@code command} joins its parent, so that they
     * follow the command's own options and precede the inherited ones (the order in which picocli suggests
     * options for a mistyped one).
     */
    public static void addStandardHelpOptions(CommandLine command) {
        withStandardHelpOptions(command.getCommandSpec());
        for (CommandLine sub : command.getSubcommands().values()) {
            addStandardHelpOptions(sub);
        }
    }

    /** An option taking one value of {@code type}, shown as {@code --name=LABEL}. */
    public static OptionSpec option(String name, Class<?> type, String label, String description) {
        return OptionSpec.builder(name).type(type).paramLabel(label).description(description).build();
    }

    /** Like {@link #option(String, Class, String, String)}, with a short name too. */
    public static OptionSpec option(String shortName, String name, Class<?> type, String label, String description) {
        return OptionSpec.builder(shortName, name).type(type).paramLabel(label).description(description).build();
    }

    /** Like {@link #option(String, Class, String, String)} with an initial value, used when it is absent. */
    public static OptionSpec option(String name, Class<?> type, String label, Object initial, String description) {
        return OptionSpec.builder(name).type(type).paramLabel(label).initialValue(initial).description(description)
                .build();
    }

    /** A required option taking one value. */
    public static OptionSpec required(String shortName, String name, Class<?> type, String label, String description) {
        return OptionSpec.builder(shortName, name).type(type).paramLabel(label).required(true)
                .description(description).build();
    }

    /** A flag: no value, {@code false} unless given. */
    public static OptionSpec flag(String name, String description) {
        return OptionSpec.builder(name).type(boolean.class).initialValue(false).description(description).build();
    }

    /** A repeatable option collecting its values in a list (empty when never given). */
    public static OptionSpec repeatable(String name, String label, String description) {
        return OptionSpec.builder(name).type(List.class).auxiliaryTypes(String.class).paramLabel(label)
                .description(description).build();
    }

    /** A required positional parameter: the single value at {@code index} ({@code "0"}, {@code "1"}). */
    public static PositionalParamSpec positional(String index, Class<?> type, String label, String description) {
        return PositionalParamSpec.builder().index(index).arity("1").required(true).type(type).paramLabel(label)
                .description(description).build();
    }

    /** The positional parameters from {@code index} on ({@code "1..*"}), none or more, collected in a list. */
    public static PositionalParamSpec rest(String index, String label, String description) {
        return PositionalParamSpec.builder().index(index).arity("0..*").type(List.class).auxiliaryTypes(String.class)
                .paramLabel(label).description(description).build();
    }

    /** The values of a repeatable option or parameter; empty when none was given. */
    static List<String> values(picocli.CommandLine.Model.ArgSpec arg) {
        List<String> values = arg.getValue();
        return values == null ? List.of() : values;
    }

    /** The value of a flag. */
    static boolean isSet(OptionSpec flag) {
        Boolean value = flag.getValue();
        return value != null && value;
    }
}
