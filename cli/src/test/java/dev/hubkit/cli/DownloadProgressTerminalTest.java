package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
        OnTerminal.assumeScript();
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
        String terminal = OnTerminal.run(tmp, 1024, "download", "acme/tiny", "--endpoint", hub.endpoint(),
                "--local-dir", tmp.resolve("local").toString());
        assertThat(terminal).doesNotContainPattern("done\\r?\\n");
        assertThat(terminal).matches("(?s)([^\\n]*\\r\\033\\[K)?hubkit: [^\\r\\n]*File too large[^\\r\\n]*\\r?\\n$");
    }

    @Test
    void aDownloadThatSucceedsKeepsADoneLinePerFile() throws Exception {
        Path local = tmp.resolve("local");
        String terminal = OnTerminal.run(tmp, 100_000, "download", "acme/tiny", "--endpoint", hub.endpoint(),
                "--local-dir", local.toString());
        for (String file : new String[] {"config.json", "tokenizer.json", "sub/notes.txt", "model.safetensors"}) {
            assertThat(terminal).containsPattern("(^|[\\n\\r]|\\033\\[K)" + java.util.regex.Pattern.quote(file)
                    + " [^\\r\\n]* done\\r?\\n");
        }
        assertThat(terminal).endsWith(local.toAbsolutePath() + "\r\n");
    }
}
