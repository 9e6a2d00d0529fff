package dev.hubkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;

/**
 * Runs the chosen subcommand like picocli's {@link CommandLine.RunLast}, but also hands
 * {@link Error}s (stack overflow, out of memory, linkage errors) to the execution exception
 * handler, so they too end as one line and exit code 2 instead of a raw JVM stack trace.
 */
final class ErrorCatchingStrategy implements IExecutionStrategy {

    @Override
    public int execute(ParseResult parseResult) {
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw new ExecutionException(e.getCommandLine(), "fatal error", new FatalError(error));
            }
            throw e;
        } catch (Error error) {
            throw new ExecutionException(lastCommand(parseResult), "fatal error", new FatalError(error));
        }
    }

    private static CommandLine lastCommand(ParseResult parseResult) {
        ParseResult pr = parseResult;
        while (pr.hasSubcommand()) {
            pr = pr.subcommand();
        }
        return pr.commandSpec().commandLine();
    }

    /** Carries an {@link Error} to the exception handler, which only accepts {@link Exception}s. */
    static final class FatalError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FatalError(Error cause) {
            super(cause.toString(), cause);
        }
    }
}
