package dev.hubkit.cli.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.hub.ByteSizes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot of 100k files: the progress keeps state only for the files in flight and a bounded share of the "done"
 * lines in memory, and still shows exactly what it showed when it kept everything.
 */
class DownloadProgressMemoryTest {
    private static final int FILES = 100_000;

    @TempDir
    Path tmp;

    @Test
    void aHundredThousandFilesKeepOnlyTheFilesInFlightAndPrintEveryDoneLine() throws Exception {
        StringWriter text = new StringWriter();
        DownloadProgress p = new DownloadProgress(new PrintWriter(text), tmp);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < FILES; i++) {
            String file = "shard-" + i + "/part.bin";
            p.started(file, 10 + i % 7, 0);
            p.progress(file, 10 + i % 7);
            p.finished(file, 10 + i % 7);
            expected.append(file).append(' ').append(ByteSizes.format(10 + i % 7)).append(" done\n");
            assertThat(p.filesKept()).isZero();
            assertThat(p.lineCharsKept()).isLessThanOrEqualTo(DownloadProgress.LINES_IN_MEMORY + 100);
        }
        int before = text.getBuffer().length();
        p.finish();
        String end = text.toString().substring(before);
        assertThat(end).isEqualTo("\r\033[K" + expected);
        assertThat(p.lineCharsKept()).isZero();
        assertThat(files(tmp)).isEmpty();
    }

    @Test
    void theTotalStillCountsTheFinishedFiles() throws Exception {
        StringWriter text = new StringWriter();
        DownloadProgress p = new DownloadProgress(new PrintWriter(text), tmp);
        p.started("a.bin", 1000, 0);
        p.progress("a.bin", 1000);
        p.finished("a.bin", 1000);
        p.started("b.bin", 1000, 0);
        Thread.sleep(250); // past the redraw interval: the next call draws
        p.progress("b.bin", 500);
        String last = text.toString().substring(text.toString().lastIndexOf("\033[K") + 3);
        assertThat(last).isEqualTo("b.bin 50% | total " + ByteSizes.format(1500) + " / " + ByteSizes.format(2000));
        assertThat(p.filesKept()).isEqualTo(1);
    }

    @Test
    void aFailedDownloadLeavesNoLinesAndNoTemporaryFile() throws Exception {
        StringWriter text = new StringWriter();
        DownloadProgress p = new DownloadProgress(new PrintWriter(text), tmp);
        for (int i = 0; i < 20_000; i++) {
            p.started("f" + i, 1, 0);
            p.finished("f" + i, 1);
        }
        assertThat(files(tmp)).hasSize(1); // the earlier lines wait there
        p.erase();
        assertThat(files(tmp)).isEmpty();
        assertThat(text.toString()).endsWith("\r\033[K").doesNotContain("\n");
        p.finish();
        assertThat(text.toString()).doesNotContain("\n");
    }

    /**
     * A worker finishing its file while its thread is interrupted (a download of many files whose last worker is
     * being stopped) must not lose the lines already kept in the temporary file, nor leave that file behind.
     */
    @Test
    void anInterruptedThreadLosesNoDoneLine() throws Exception {
        StringWriter text = new StringWriter();
        DownloadProgress p = new DownloadProgress(new PrintWriter(text), tmp);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            if (i == 15_000) {
                Thread.currentThread().interrupt();
            }
            p.started("f" + i, 1, 0);
            p.finished("f" + i, 1);
            expected.append("f").append(i).append(' ').append(ByteSizes.format(1)).append(" done\n");
        }
        int before = text.getBuffer().length();
        try {
            p.finish();
        } finally {
            assertThat(Thread.interrupted()).isTrue(); // the flag is the caller's: kept, and cleared here
        }
        assertThat(text.toString().substring(before)).isEqualTo("\r\033[K" + expected);
        assertThat(files(tmp)).isEmpty();
    }

    private static java.util.List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
