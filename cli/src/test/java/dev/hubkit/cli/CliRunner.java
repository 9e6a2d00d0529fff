package dev.hubkit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs {@code hubkit} in-process with captured stdout and stderr. */
final class CliRunner {

    record Result(int exitCode, String out, String err) {
        /** The stderr lines, without the trailing empty one. */
        String[] errLines() {
            return err.isEmpty() ? new String[0] : err.split("\\R");
        }
    }

    private CliRunner() {
    }

    static Result run(String... args) {
        return run(cmd -> { }, args);
    }

    /** @param setup e.g. adds a test-only subcommand, before the streams are wired */
    static Result run(Consumer<CommandLine> setup, String... args) {
        CommandLine cmd = Hubkit.newCommandLine();
        setup.accept(cmd);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
