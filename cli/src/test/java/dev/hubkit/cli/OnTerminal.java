package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code hubkit} in a child JVM on a pseudo-terminal (util-linux {@code script}), so that the CLI draws its
 * progress as it does for a user; tests that use it are skipped where {@code script} is missing.
 */
final class OnTerminal {
    private static final Path SCRIPT = Path.of("/usr/bin/script");

    private OnTerminal() {
    }

    /** Skips the calling test when util-linux {@code script} is not installed. */
    static void assumeScript() {
        assumeTrue(Files.isExecutable(SCRIPT), "util-linux script is not installed");
    }

    /**
     * What {@code hubkit ARGS} writes to a terminal (stdout and stderr together), with files limited to
     * {@code limitKib} KiB; the typescript is kept in {@code dir}.
     */
    static String run(Path dir, int limitKib, String... args) throws IOException, InterruptedException {
        StringBuilder command = new StringBuilder("ulimit -f " + limitKib + " && exec ");
        command.append(quoted(Path.of(System.getProperty("java.home"), "bin", "java").toString()))
                .append(" -Xmx256m -cp ").append(quoted(System.getProperty("java.class.path")))
                .append(" dev.hubkit.cli.Hubkit");
        for (String a : args) {
            command.append(' ').append(quoted(a));
        }
        Path typescript = dir.resolve("terminal.txt");
        Process p = new ProcessBuilder(SCRIPT.toString(), "-qec", "bash -c " + quoted(command.toString()), "/dev/null")
                .redirectOutput(typescript.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the CLI ends").isTrue();
        return Files.readString(typescript, StandardCharsets.UTF_8);
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
