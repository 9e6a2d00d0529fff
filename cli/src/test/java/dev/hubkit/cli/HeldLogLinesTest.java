package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;

/** What {@link HeldLogLines} hands on of what is written to {@link System#err} while a command runs. */
class HeldLogLinesTest {

    /** Writes {@code lines} to System.err while held, releases, and returns what reached the real stream. */
    private static synchronized String heldAndReleased(boolean succeeded, String... lines) {
        PrintStream before = System.err;
        ByteArrayOutputStream real = new ByteArrayOutputStream();
        PrintStream realStream = new PrintStream(real, true, Charset.defaultCharset());
        try {
            HeldLogLines held = HeldLogLines.install(realStream);
            for (String line : lines) {
                System.err.println(line);
            }
            assertThat(real.size()).as("nothing passes while held").isZero();
            held.release(succeeded);
            assertThat(System.err).isSameAs(realStream);
        } finally {
            System.setErr(before);
        }
        return real.toString(Charset.defaultCharset());
    }

    @Test
    void aSuccessHandsOnEachDistinctLineOnceInOrder() {
        String n = System.lineSeparator();
        assertThat(heldAndReleased(true, "[WARN] a", "[WARN] b", "[WARN] a", "[WARN] é"))
                .isEqualTo("[WARN] a" + n + "[WARN] b" + n + "[WARN] é" + n);
    }

    @Test
    void aFailureDropsThem() {
        assertThat(heldAndReleased(false, "[WARN] a", "[WARN] b")).isEmpty();
    }

    @Test
    void pastTheLimitLinesPassStraightThrough() {
        PrintStream before = System.err;
        ByteArrayOutputStream real = new ByteArrayOutputStream();
        try {
            HeldLogLines held = HeldLogLines.install(new PrintStream(real, true, Charset.defaultCharset()));
            String line = "x".repeat(1000);
            for (int i = 0; i * 1001 <= HeldLogLines.LIMIT; i++) {
                System.err.println(line);
            }
            assertThat(real.size()).as("handed on once past the limit").isPositive();
            int handedOn = real.size();
            System.err.println("late");
            assertThat(real.size()).isGreaterThan(handedOn);
            held.release(false);
        } finally {
            System.setErr(before);
        }
    }

    @Test
    void aCommandLineWithoutACommandStillEndsWithItsOneErrorLine() {
        StringWriter err = new StringWriter();
        var cmd = Hubkit.newCommandLine();
        cmd.setErr(new PrintWriter(err, true));
        PrintStream before = System.err;
        int code;
        try {
            code = Hubkit.execute(cmd, new String[0]);
        } finally {
            System.setErr(before);
        }
        assertThat(code).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(err.toString()).startsWith("hubkit: missing command");
    }
}
