package dev.hubkit.cli;

/** The exit codes of the {@code hubkit} program. */
public final class ExitCodes {
    /** The command did its job. */
    public static final int OK = 0;
    /** Bad arguments or bad input: the user can fix it; the message says how. */
    public static final int USER_ERROR = 1;
    /** A bug or an unexpected failure inside hubkit. */
    public static final int INTERNAL_ERROR = 2;

    private ExitCodes() {
    }
}
