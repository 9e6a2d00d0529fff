package dev.hubkit.bench;

import java.io.IOException;

/** Untimed preparation shared by the disk benchmarks. */
public final class Writeback {
    private Writeback() {
    }

    /**
     * Runs {@code sync}: the dirty pages an earlier round wrote go to disk before the next timed round
     * starts, so it is not throttled by their writeback (the whole-process runs of the scripts sync first
     * too); then prefaults memory when asked (see {@link #PREFAULT}).
     */
    public static void settle() throws IOException {
        run("sync");
        String gb = System.getenv("HUBKIT_BENCH_PREFAULT_GB");
        if (gb != null && !gb.isBlank() && Integer.parseInt(gb.strip()) > 0) {
            run("/usr/bin/python3", "-c", PREFAULT, gb.strip());
        }
    }

    /**
     * Touches every page of N GiB in a child process that then exits (the environment variable
     * {@code HUBKIT_BENCH_PREFAULT_GB}, set by {@code bench/run-tf.sh}): on a VM whose host takes free
     * memory back (free page reporting), the first touch of a page the host took back costs several ms per
     * MiB in the kernel, whoever touches it; pages just touched and freed are handed out again first, so
     * the timed run that follows, {@code cp} and hubkit alike, gets memory the host backs already.
     */
    private static final String PREFAULT =
            "import sys; n = int(sys.argv[1]) << 30; b = bytearray(n); b[::4096] = b'\\1' * (n // 4096)";

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
