package dev.hubkit.bench.hub;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of every thread of this process by its Linux task name, from
 * {@code /proc/self/task/*}/{@code schedstat} (nanoseconds on the CPU) and {@code comm}: the
 * JVM's own threads (JIT compilers, garbage collector) have no Java thread to ask. Where
 * {@code /proc} cannot be read the readings are empty, and the split is left out of the report.
 */
final class TaskClock {

    /** What a thread is counted as. */
    enum Kind { JIT, GC, SERVER, OTHER }

    /** One reading: task id to (kind, nanoseconds). */
    record Reading(Map<Integer, Kind> kinds, Map<Integer, Long> nanos) {
    }

    private TaskClock() {
    }

    static Reading read() {
        Map<Integer, Kind> kinds = new HashMap<>();
        Map<Integer, Long> nanos = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String comm = Files.readString(t.resolve("comm")).strip();
                    String sched = Files.readString(t.resolve("schedstat")).strip();
                    long ns = Long.parseLong(sched.substring(0, sched.indexOf(' ')));
                    int tid = Integer.parseInt(t.getFileName().toString());
                    kinds.put(tid, kindOf(comm));
                    nanos.put(tid, ns);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read: its time counts as that of ended threads
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Reading(Map.of(), Map.of());
        }
        return new Reading(kinds, nanos);
    }

    static Kind kindOf(String comm) {
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            return Kind.JIT;
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) {
            return Kind.GC;
        }
        if (comm.startsWith("hubkit-serve") || comm.startsWith("HTTP-Dispatcher")) {
            return Kind.SERVER;
        }
        return Kind.OTHER;
    }

    /**
     * CPU seconds by kind between two readings of threads alive at the second one, plus
     * {@code ENDED}: the process's CPU time that no live thread accounts for (threads that ended
     * in between, such as a snapshot's worker pool or a download's hasher thread).
     *
     * @param processSeconds the process's CPU seconds between the two readings
     * @return seconds indexed by {@link Kind#ordinal()}, then the ended threads' at index {@code Kind.values().length}
     */
    static double[] split(Reading before, Reading after, double processSeconds) {
        double[] s = new double[Kind.values().length + 1];
        if (after.nanos().isEmpty()) {
            return null;
        }
        double live = 0;
        for (Map.Entry<Integer, Long> e : after.nanos().entrySet()) {
            double d = (e.getValue() - before.nanos().getOrDefault(e.getKey(), 0L)) / 1e9;
            s[after.kinds().get(e.getKey()).ordinal()] += d;
            live += d;
        }
        s[Kind.values().length] = Math.max(0, processSeconds - live);
        return s;
    }
}
