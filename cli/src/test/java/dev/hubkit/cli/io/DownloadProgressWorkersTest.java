package dev.hubkit.cli.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The download progress called from several workers at once ({@code --workers 8}, a file's ranged chunks). */
class DownloadProgressWorkersTest {
    @Test
    void chunksOfOneFileFromSeveralWorkersAllCount() throws Exception {
        StringWriter text = new StringWriter();
        DownloadProgress p = new DownloadProgress(new PrintWriter(text));
        int threads = 8;
        int calls = 200_000;
        p.started("model.safetensors", (long) threads * calls, 0);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < calls; i++) {
                    p.progress("model.safetensors", 1);
                }
            });
            w.start();
            workers.add(w);
        }
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        Thread.sleep(250); // past the redraw interval: the next call draws
        p.progress("model.safetensors", 0);
        String last = text.toString().substring(text.toString().lastIndexOf("\033[K") + 3);
        assertThat(last).startsWith("model.safetensors 100% ");
    }

    @Test
    void aWorkerStillRunningAfterTheFailureDrawsNothingAfterTheWipe() throws Exception {
        StringWriter text = new StringWriter();
        DownloadProgress p = new DownloadProgress(new PrintWriter(text));
        p.started("a.bin", 10, 0);
        Thread.sleep(250);
        p.progress("a.bin", 5);
        p.erase();
        int wiped = text.toString().length();
        // a worker the failed download cancelled but did not wait for goes on a moment
        Thread.sleep(250);
        p.progress("a.bin", 1);
        p.finished("b.bin", 3);
        assertThat(text.toString().substring(wiped)).isEmpty();
    }
}
