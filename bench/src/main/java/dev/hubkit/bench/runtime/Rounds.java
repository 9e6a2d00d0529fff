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

    /** Measures every job (each returns the number of items it did); each job's best round. */
    static Result[] run(List<IntSupplier> jobs, int rounds, double secondsPerRound) {
        Result[][] all = runAll(jobs, rounds, secondsPerRound);
        Result[] best = new Result[all.length];
        for (int k = 0; k < all.length; k++) {
            best[k] = best(all[k]);
        }
        return best;
    }

    /**
     * Measures every job; every round's result, {@code [job][round]}. Odd rounds run the jobs in
     * reverse order: measured, a job's place in a round biased it by 2-3% (always running right after
     * another job's garbage and threads), which a fixed order would charge to one column every time.
     */
    static Result[][] runAll(List<IntSupplier> jobs, int rounds, double secondsPerRound) {
        Result[][] all = new Result[jobs.size()][rounds];
        for (IntSupplier j : jobs) {
            j.getAsInt();
        }
        for (int round = 0; round < rounds; round++) {
            for (int step = 0; step < jobs.size(); step++) {
                int k = round % 2 == 1 ? jobs.size() - 1 - step : step;
                all[k][round] = once(jobs.get(k), secondsPerRound);
            }
        }
        return all;
    }

    /** The round with the highest rate. */
    static Result best(Result[] rounds) {
        Result best = rounds[0];
        for (Result r : rounds) {
            if (r.rate() > best.rate()) {
                best = r;
            }
        }
        return best;
    }

    /**
     * Median over rounds of {@code a}'s wall time per item over {@code b}'s in the same round, minus 1:
     * jobs measured next to each other see the same load, so this pairs out most of the noise that
     * comparing two independently best rounds keeps.
     */
    static double pairedExtra(Result[] a, Result[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = b[i].rate() / a[i].rate() - 1;
        }
        return median(r);
    }

    /** Like {@link #pairedExtra} on CPU time per item. */
    static double pairedCpuExtra(Result[] a, Result[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i].cpuPerItem() / b[i].cpuPerItem() - 1;
        }
        return median(r);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
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
