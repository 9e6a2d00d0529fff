package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The help texts, parse-error messages and exit codes of every command and subcommand, byte for byte as
 * the annotation-based command classes printed them before the commands moved to picocli's programmatic
 * API ({@code cli-contract/help-and-errors.txt} was captured from that build). Each case runs on the
 * command line {@code main} builds for its arguments and on the full one. A deliberate change to a
 * description or message updates that file.
 */
class CliContractTest {

    private static final String FILE = "/cli-contract/help-and-errors.txt";

    @Test
    void helpAndErrorsAreUnchangedOnTheCommandLineMainBuilds() throws IOException {
        assertSameTranscript(Hubkit::newCommandLine);
    }

    @Test
    void helpAndErrorsAreUnchangedOnTheFullCommandLine() throws IOException {
        assertSameTranscript(args -> Hubkit.newCommandLine());
    }

    private static void assertSameTranscript(Function<String[], CommandLine> commandLine) throws IOException {
        String expected = expected();
        List<String> cases = new ArrayList<>();
        for (String line : expected.split("\n")) {
            if (line.startsWith("=== ")) {
                cases.add(line.substring(4, line.lastIndexOf("  rc=")));
            }
        }
        assertThat(cases).hasSizeGreaterThan(60);
        StringBuilder actual = new StringBuilder();
        for (String c : cases) {
            String[] args = c.equals("<none>") ? new String[0] : c.split(" ");
            CommandLine cmd = commandLine.apply(args);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            int rc = cmd.execute(args);
            actual.append("=== ").append(c).append("  rc=").append(rc).append('\n')
                    .append("--- out\n").append(out).append("--- err\n").append(err);
        }
        assertThat(actual.toString()).isEqualTo(expected);
    }

    private static String expected() throws IOException {
        try (InputStream in = CliContractTest.class.getResourceAsStream(FILE)) {
            assertThat(in).as(FILE).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
        }
    }
}
