package dev.hubkit.cli.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.hub.ByteSizes;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * A retried file download ({@code started} again for the same file) counts its size once and its bytes once: the
 * bytes done never pass the total, whether the retry resumes where it stopped or starts again from nothing.
 */
class DownloadProgressRetryTest {

    private static String lastLine(StringWriter text) {
        String s = text.toString();
        return s.substring(s.lastIndexOf("\033[K") + 3);
    }

    /** Draws now: the redraw interval has passed. */
    private static void drawn(DownloadProgress p, String file) throws InterruptedException {
        Thread.sleep(250);
        p.progress(file, 0);
    }

    @Test
    void aResumedFileCountsItsEarlierBytesOnce() throws Exception {
        StringWriter text = new StringWriter();
        DownloadProgress p = new DownloadProgress(new PrintWriter(text));
        p.started("a.bin", 1000, 0);
        p.progress("a.bin", 400);
        p.started("a.bin", 1000, 400); // the connection dropped: resumed at byte 400
        drawn(p, "a.bin");
        assertThat(lastLine(text)).isEqualTo("a.bin 40% | total " + ByteSizes.format(400) + " / "
                + ByteSizes.format(1000));
        p.progress("a.bin", 600);
        drawn(p, "a.bin");
        assertThat(lastLine(text)).isEqualTo("a.bin 100% | total " + ByteSizes.format(1000) + " / "
                + ByteSizes.format(1000));
    }

    @Test
    void aFileStartedAgainFromNothingTakesBackItsEarlierBytes() throws Exception {
        StringWriter text = new StringWriter();
        DownloadProgress p = new DownloadProgress(new PrintWriter(text));
        p.started("done.bin", 500, 0);
        p.progress("done.bin", 500);
        p.finished("done.bin", 500);
        p.started("a.bin", 1000, 0);
        p.progress("a.bin", 1000);
        p.started("a.bin", 1000, 0); // it was corrupt: dropped, fetched again from the start
        drawn(p, "a.bin");
        assertThat(lastLine(text)).isEqualTo("a.bin 0% | total " + ByteSizes.format(500) + " / "
                + ByteSizes.format(1500));
        p.progress("a.bin", 1000);
        drawn(p, "a.bin");
        assertThat(lastLine(text)).isEqualTo("a.bin 100% | total " + ByteSizes.format(1500) + " / "
                + ByteSizes.format(1500));
    }

    @Test
    void aFileResumedFromAPartLeftOnDiskCountsThatPartOnce() throws Exception {
        StringWriter text = new StringWriter();
        DownloadProgress p = new DownloadProgress(new PrintWriter(text));
        p.started("a.bin", 1000, 300); // an earlier run left 300 bytes
        p.progress("a.bin", 200);
        p.started("a.bin", 1000, 500);
        p.started("a.bin", 1000, 500); // a retry that got nothing before failing again
        drawn(p, "a.bin");
        assertThat(lastLine(text)).isEqualTo("a.bin 50% | total " + ByteSizes.format(500) + " / "
                + ByteSizes.format(1000));
    }
}
