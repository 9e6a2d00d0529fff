package dev.hubkit.cli.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The temporary file of "done" lines is deleted when the progress ends, finished or erased (it is not left to
 * {@code File.deleteOnExit}, whose list lives as long as the JVM: one path per download in a long-running process).
 */
class DownloadProgressSpillFileTest {

    @TempDir
    Path tmp;

    /** Enough finished files for the "done" lines to go past memory's share into the temporary file. */
    private static void spillSome(DownloadProgress p) {
        for (int i = 0; i < 20_000; i++) {
            p.started("f" + i, 1, 0);
            p.finished("f" + i, 1);
        }
    }

    @Test
    void theSpillFileIsGoneAfterFinish() throws Exception {
        DownloadProgress p = new DownloadProgress(new PrintWriter(new StringWriter()), tmp);
        spillSome(p);
        assertThat(files(tmp)).hasSize(1);
        p.finish();
        assertThat(files(tmp)).isEmpty();
    }

    @Test
    void theSpillFileIsGoneAfterErase() throws Exception {
        DownloadProgress p = new DownloadProgress(new PrintWriter(new StringWriter()), tmp);
        spillSome(p);
        assertThat(files(tmp)).hasSize(1);
        p.erase();
        assertThat(files(tmp)).isEmpty();
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
