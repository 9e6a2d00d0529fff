package dev.hubkit.bench;

import java.io.IOException;

/** Untimed preparation shared by the disk benchmarks. */
public final class Writeback {
    private Writeback() {
    }

    /**
     * Runs {@code sync}: the dirty pages an earlier round wrote go to disk before the next timed round
     * starts, so it is not throttled by their writeback (the whole-process runs of the scripts sync first
     * too); then runs the command in the environment variable {@code HUBKIT_BENCH_PREFAULT}, when set
     * ({@code bench/run-tf.sh} sets it to {@code bench/prefault.py}, whose header says why).
     */
    public static void settle() throws IOException {
        run("sync");
        String prefault = System.getenv("HUBKIT_BENCH_PREFAULT");
        if (prefault != null && !prefault.isBlank()) {
            run("bash", "-c", prefault);
        }
    }

    private static void run(String... command) throws IOException {
        try {
            int rc = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (rc != 0) {
                throw new IOException(command[0] + " exited with " + rc);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + command[0], e);
        }
    }
}
