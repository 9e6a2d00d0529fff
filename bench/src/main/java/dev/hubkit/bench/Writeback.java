package dev.hubkit.bench;

import java.io.IOException;

/** Untimed preparation shared by the disk benchmarks. */
public final class Writeback {
    private Writeback() {
    }

    /**
     * Runs {@code sync}: the dirty pages an earlier round wrote go to disk before the next timed round
     * starts, so it is not throttled by their writeback (the whole-process runs of the scripts sync first too).
     */
    public static void settle() throws IOException {
        try {
            int rc = new ProcessBuilder("sync").inheritIO().start().waitFor();
            if (rc != 0) {
                throw new IOException("sync exited with " + rc);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for sync", e);
        }
    }
}
