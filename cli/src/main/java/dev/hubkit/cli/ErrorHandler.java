package dev.hubkit.cli;

import dev.hubkit.converters.convert.NotedIOException;
import dev.hubkit.core.HubkitException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one stderr line {@code hubkit: <message>} and an exit code:
 * {@link ExitCodes#USER_ERROR} for bad arguments and bad input (picocli parameter errors,
 * {@link HubkitException}, I/O errors), {@link ExitCodes#INTERNAL_ERROR} for anything else.
 * The stack trace follows only when {@code --verbose} was given.
 */
final class ErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {

    static final String VERBOSE = "--verbose";

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        String message = oneLine(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                message += " (did you mean: " + String.join(", ", suggestions) + "?)";
            }
        }
        String help = helpCommandOf(ex.getCommandLine());
        err.println("hubkit: " + message + "; see '" + help + "'");
        if (Arrays.asList(args).contains(VERBOSE)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.USER_ERROR;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        Throwable failure = ex instanceof ErrorCatchingStrategy.FatalError fatal ? fatal.getCause() : ex;
        boolean user = isUserError(failure);
        boolean verbose = verbose(parseResult);
        if (user) {
            err.println("hubkit: " + userMessage(failure));
        } else {
            err.println("hubkit: internal error: " + describe(failure)
                    + (verbose ? "" : " (run again with --verbose for the stack trace, and please report it)"));
        }
        if (verbose) {
            failure.printStackTrace(err);
        }
        err.flush();
        return user ? ExitCodes.USER_ERROR : ExitCodes.INTERNAL_ERROR;
    }

    /** Whether a failure is the user's to fix (bad input) rather than a hubkit bug. */
    static boolean isUserError(Throwable t) {
        return t instanceof HubkitException
                || t instanceof ParameterException
                || t instanceof IOException
                || t instanceof UncheckedIOException;
    }

    /** The one-line message shown for a user error. */
    static String userMessage(Throwable t) {
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            // what was being done, then why it failed ("converting a to b: No space left on device")
            String cause = userMessage(u.getCause());
            String context = u.getMessage() == null ? "" : oneLine(u.getMessage());
            if (context.isEmpty() || context.equals(oneLine(u.getCause().toString()))) {
                return cause;
            }
            return context.contains(cause) ? context : context + ": " + cause;
        }
        if (t instanceof NotedIOException n) {
            // the failure worded as on its own, then what it left behind ("; ... delete it by hand: [...]")
            return userMessage(n.failure()) + n.note();
        }
        if (t instanceof NoSuchFileException e) {
            return "no such file or directory: " + e.getFile() + reasonSuffix(e);
        }
        if (t instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile() + reasonSuffix(e);
        }
        if (t instanceof FileAlreadyExistsException e) {
            if (e.getFile() != null && Files.exists(Path.of(e.getFile())) && !Files.isDirectory(Path.of(e.getFile()))) {
                // Files.createDirectories met a file where a folder of the path should be
                return e.getFile() + " is a file, not a folder: move it away or choose another output path";
            }
            return "already exists: " + e.getFile() + reasonSuffix(e);
        }
        if (t instanceof NotDirectoryException e) {
            return "not a directory: " + e.getFile() + reasonSuffix(e);
        }
        if (t instanceof DirectoryNotEmptyException e) {
            return "directory not empty: " + e.getFile() + reasonSuffix(e);
        }
        if (t instanceof FileSystemException e) {
            // worded as the kernel's error is (strerror), never by the exception's class name
            String reason = e.getReason() == null ? IO_ERROR : oneLine(e.getReason());
            if (e.getFile() == null) {
                return reason;
            }
            String other = e.getOtherFile() == null ? "" : " -> " + e.getOtherFile();
            return e.getFile() + other + ": " + reason;
        }
        if (t.getCause() != null && t.getMessage() != null && t.getMessage().equals(t.getCause().toString())) {
            return userMessage(t.getCause()); // new IOException(cause): its message is only the cause's toString()
        }
        if (t.getMessage() == null) {
            return t instanceof IOException ? IO_ERROR : describe(t);
        }
        return oneLine(t.getMessage());
    }

    /** An I/O failure that gives no reason, worded as strerror(EIO). */
    private static final String IO_ERROR = "input/output error";

    private static String reasonSuffix(FileSystemException e) {
        return e.getReason() == null ? "" : " (" + oneLine(e.getReason()) + ")";
    }

    private static String describe(Throwable t) {
        String name = t.getClass().getName();
        return t.getMessage() == null ? name : name + ": " + oneLine(t.getMessage());
    }

    /** Collapses a multi-line message (e.g. Jackson's "at [Source: ...]") into one line. */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static boolean verbose(ParseResult parseResult) {
        for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
            if (pr.hasMatchedOption(VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    private static String helpCommandOf(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName() + " --help";
    }
}
