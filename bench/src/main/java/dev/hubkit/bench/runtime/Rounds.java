package dev.hubkit.bench.runtime;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Interleaved measurement: after one warm-up call each, {@code rounds} rounds run every job in turn
 * for at least {@code secondsPerRound}; a job's best round (highest rate) counts, so load from other
 * processes hits every job alike and the least disturbed round is kept. CPU time is the whole
 * process's (every thread ONNX Runtime or a pool uses), read over the same round.
 */
final class Rounds {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * Best round of one job.
     *
     * @param rate       items per wall-clock second
     * @param cpuPerItem process CPU seconds per item in that round
     */
    record Result(double rate, double cpuPerItem) {
    }

    private Rounds() {
    }

    /** Measures every job (each returns the number of items it did). */
    static Result[] run(List<IntSupplier> jobs, int rounds, double secondsPerRound) {
        Result[] best = new Result[jobs.size()];
        for (IntSupplier j : jobs) {
            j.getAsInt();
        }
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < jobs.size(); k++) {
                Result r = once(jobs.get(k), secondsPerRound);
                if (best[k] == null || r.rate() > best[k].rate()) {
                    best[k] = r;
                }
            }
        }
        return best;
    }

    private static Result once(IntSupplier job, double seconds) {
        long cpu0 = OS.getProcessCpuTime();
        long start = System.nanoTime();
        long done = 0;
        do {
            done += job.getAsInt();
        } while (System.nanoTime() - start < seconds * 1e9);
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (OS.getProcessCpuTime() - cpu0) / 1e9;
        return new Result(done / wall, cpu / Math.max(1, done));
    }
}
