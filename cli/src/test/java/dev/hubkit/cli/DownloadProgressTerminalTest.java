package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubkit download} on a terminal: each file's "done" line stays when the download succeeds; when it fails
 * (a full disk: {@code ulimit -f}) the progress line is wiped and no "done" line is left, so the error is the only
 * line. The terminal is a pseudo-terminal from util-linux {@code script}; the test is skipped where it is missing.
 */
@EnabledOnOs(OS.LINUX)
class DownloadProgressTerminalTest {
    @TempDir
    Path tmp;
    HubFixture hub;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is not installed");
        hub = new HubFixture(tmp.resolve("root"));
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aFailedDownloadLeavesOnlyItsErrorLine() throws Exception {
        // the 2 MB model.safetensors does not fit in 1 MB; the small files are done before it fails
        String terminal = onTerminal(1024, "download", "acme/tiny", "--endpoint", hub.endpoint(),
                "--local-dir", tmp.resolve("local").toString());
        assertThat(terminal).doesNotContainPattern("done\\r?\\n");
        assertThat(terminal).matches("(?s)([^\\n]*\\r\\033\\[K)?hubkit: [^\\r\\n]*File too large[^\\r\\n]*\\r?\\n$");
    }

    @Test
    void aDownloadThatSucceedsKeepsADoneLinePerFile() throws Exception {
        Path local = tmp.resolve("local");
        String terminal = onTerminal(100_000, "download", "acme/tiny", "--endpoint", hub.endpoint(),
                "--local-dir", local.toString());
        for (String file : new String[] {"config.json", "tokenizer.json", "sub/notes.txt", "model.safetensors"}) {
            assertThat(terminal).containsPattern("(^|[\\n\\r]|\\033\\[K)" + java.util.regex.Pattern.quote(file)
                    + " [^\\r\\n]* done\\r?\\n");
        }
        assertThat(terminal).endsWith(local.toAbsolutePath() + "\r\n");
    }

    /** What {@code hubkit ARGS} writes to a terminal (stdout and stderr) with files limited to {@code limitKib} KiB. */
    private String onTerminal(int limitKib, String... args) throws IOException, InterruptedException {
        StringBuilder command = new StringBuilder("ulimit -f " + limitKib + " && exec ");
        command.append(quoted(Path.of(System.getProperty("java.home"), "bin", "java").toString()))
                .append(" -Xmx256m -cp ").append(quoted(System.getProperty("java.class.path")))
                .append(" dev.hubkit.cli.Hubkit");
        for (String a : args) {
            command.append(' ').append(quoted(a));
        }
        Path typescript = tmp.resolve("terminal.txt");
        Process p = new ProcessBuilder("/usr/bin/script", "-qec", "bash -c " + quoted(command.toString()), "/dev/null")
                .redirectOutput(typescript.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the CLI ends").isTrue();
        return Files.readString(typescript, StandardCharsets.UTF_8);
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
