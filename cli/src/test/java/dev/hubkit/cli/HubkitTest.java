package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.cli.CliRunner.Result;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;

class HubkitTest {

    @Test
    void helpListsTheCommandsAndExitCodes() {
        Result r = CliRunner.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: hubkit", "quickstart", "config", "--verbose", "--version",
                "Exit codes: 0 success, 1 user error");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void subcommandHelpWorks() {
        Result r = CliRunner.run("config", "show", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: hubkit config show", "SOURCE", "--json", "--verbose");
    }

    @Test
    void aCommandLineForOneCommandHelpsAndParsesAsTheFullOne() {
        CommandLine full = Hubkit.newCommandLine();
        assertThat(full.getSubcommands().keySet()).containsExactly("quickstart", "config", "tokenize", "decode",
                "inspect", "convert", "download", "cache", "serve", "run", "tokenizer", "help");
        for (String name : full.getSubcommands().keySet()) {
            CommandLine one = Hubkit.newCommandLine(new String[] {name, "--help"});
            if (name.equals("help")) {
                assertThat(one.getSubcommands().keySet()).as("help lists every command")
                        .isEqualTo(full.getSubcommands().keySet());
                continue;
            }
            assertThat(one.getSubcommands().keySet()).containsExactly(name);
            assertSameUsage(full.getSubcommands().get(name), one.getSubcommands().get(name));
        }
        assertThat(Hubkit.newCommandLine(new String[] {"--verbose", "convert"}).getSubcommands())
                .hasSameSizeAs(full.getSubcommands());
        assertThat(Hubkit.newCommandLine(new String[0]).getSubcommands()).hasSameSizeAs(full.getSubcommands());
    }

    private static void assertSameUsage(CommandLine expected, CommandLine actual) {
        assertThat(actual.getUsageMessage()).isEqualTo(expected.getUsageMessage());
        assertThat(actual.getSubcommands().keySet()).isEqualTo(expected.getSubcommands().keySet());
        for (String sub : expected.getSubcommands().keySet()) {
            assertSameUsage(expected.getSubcommands().get(sub), actual.getSubcommands().get(sub));
        }
    }

    @Test
    void versionComesFromTheBuild() {
        Result r = CliRunner.run("--version");
        assertThat(r.exitCode()).isZero();
        String first = r.out().lines().findFirst().orElseThrow();
        assertThat(first).matches("hubkit \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(first).isEqualTo("hubkit " + VersionProvider.version());
        assertThat(r.out()).contains("JVM: " + System.getProperty("java.version"));
    }

    @Test
    void versionAloneBuildsNoSubcommandAndPrintsTheSame() {
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"-V", "--verbose"})) {
            CommandLine bare = Hubkit.newCommandLine(args);
            assertThat(bare.getSubcommands()).isEmpty();
            StringWriter out = new StringWriter();
            bare.setOut(new PrintWriter(out, true));
            assertThat(bare.execute(args)).isZero();
            assertThat(out.toString()).isEqualTo(CliRunner.run(args).out());
        }
        assertThat(Hubkit.newCommandLine(new String[] {"--version", "--help"}).getSubcommands()).isNotEmpty();
    }

    @Test
    void noCommandIsAUserError() {
        Result r = CliRunner.run();
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("hubkit: missing command");
    }

    @Test
    void unknownCommandIsAUserErrorWithASuggestion() {
        Result r = CliRunner.run("confgi");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("hubkit: ").contains("confgi", "did you mean: config");
    }

    @Test
    void missingParameterIsAUserError() {
        Result r = CliRunner.run("config", "show");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("hubkit: ").contains("SOURCE", "hubkit config show --help");
    }

    @Test
    void unexpectedExceptionIsAnInternalErrorWithoutStackTrace() {
        Result r = CliRunner.run(cmd -> cmd.addSubcommand("boom", new Boom()), "boom");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("hubkit: internal error: java.lang.IllegalStateException: kaboom");
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void verboseAfterTheCommandShowsTheStackTrace() {
        Result r = CliRunner.run(cmd -> cmd.addSubcommand("boom", new Boom()), "boom", "--verbose");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(r.err()).startsWith("hubkit: internal error: java.lang.IllegalStateException: kaboom")
                .contains("\tat dev.hubkit.cli.HubkitTest$Boom.call");
    }

    @Test
    void verboseBeforeTheCommandShowsTheStackTrace() {
        Result r = CliRunner.run(cmd -> cmd.addSubcommand("boom", new Boom()), "--verbose", "boom");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(r.err()).contains("\tat dev.hubkit.cli.HubkitTest$Boom.call");
    }

    @Test
    void errorsAreInternalErrorsToo() {
        Result r = CliRunner.run(cmd -> cmd.addSubcommand("fatal", new Fatal()), "fatal");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("hubkit: internal error: ").contains("StackOverflowError", "too deep");
    }

    @Test
    void ioExceptionsAreUserErrors() {
        Result r = CliRunner.run(cmd -> cmd.addSubcommand("read", new MissingFile()), "read");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.err()).isEqualTo("hubkit: no such file or directory: /nowhere/model.bin" + System.lineSeparator());
    }

    @Test
    void multiLineMessagesBecomeOneLine() {
        assertThat(ErrorHandler.oneLine("Unexpected character\n at [Source: x; line: 1]\r\n"))
                .isEqualTo("Unexpected character at [Source: x; line: 1]");
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("kaboom");
        }
    }

    @Command(name = "fatal")
    static final class Fatal implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new StackOverflowError("too deep");
        }
    }

    @Command(name = "read")
    static final class MissingFile implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            throw new NoSuchFileException("/nowhere/model.bin");
        }
    }

    @Test
    void noOptionNeedsAConverterThatMainLeavesOut() {
        List<String> types = new ArrayList<>();
        collectTypes(Hubkit.newCommandLine(), types);
        assertThat(types).hasSizeGreaterThan(50).allSatisfy(type ->
                assertThat(type).as("main excludes the converters for " + Hubkit.UNUSED_CONVERTERS)
                        .doesNotMatch(Hubkit.UNUSED_CONVERTERS));
        assertThat("java.time.Duration").matches(Hubkit.UNUSED_CONVERTERS);
        assertThat("java.sql.Timestamp").matches(Hubkit.UNUSED_CONVERTERS);
    }

    private static void collectTypes(CommandLine cmd, List<String> types) {
        for (ArgSpec arg : cmd.getCommandSpec().args()) {
            types.add(arg.type().getName());
            for (Class<?> aux : arg.auxiliaryTypes()) {
                types.add(aux.getName());
            }
        }
        for (CommandLine sub : cmd.getSubcommands().values()) {
            collectTypes(sub, types);
        }
    }

    @Test
    void everyCommandIsReachable() {
        CommandLine cmd = Hubkit.newCommandLine();
        assertThat(cmd.getSubcommands()).containsKeys("quickstart", "config", "help");
        assertThat(cmd.getSubcommands().get("config").getSubcommands()).containsKey("show");
    }
}
