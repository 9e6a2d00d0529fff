package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CLI in a child JVM under {@code ulimit -f}: writes past the limit fail with {@code EFBIG}, which the
 * CLI meets through the same IOException paths as a full disk's {@code ENOSPC} (the JVM ignores SIGXFSZ).
 */
final class LimitedCli {
    /** What the child printed and how it exited. */
    record Outcome(int exitCode, String out, List<String> errLines) {
    }

    private LimitedCli() {
    }

    /** Runs {@code hubkit ARGS} as {@code main} runs it, files unlimited; {@code work} holds its output files. */
    static Outcome unlimited(Path work, String... args) throws Exception {
        return run(work, "unlimited", args);
    }

    /** Runs {@code hubkit ARGS} with files limited to {@code limitKib} KiB; {@code work} holds its output files. */
    static Outcome run(Path work, int limitKib, String... args) throws Exception {
        return run(work, Integer.toString(limitKib), args);
    }

    private static Outcome run(Path work, String limit, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "ulimit -f " + limit + " && exec \"$@\"", "limited", java, "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "dev.hubkit.cli.Hubkit"));
        command.addAll(List.of(args));
        Path out = work.resolve("limited-stdout.txt");
        Path err = work.resolve("limited-stderr.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the limited CLI ends").isTrue();
        Outcome o = new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readAllLines(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return o;
    }
}
