package dev.hubkit.bench.hub;

import dev.hubkit.hub.HubClient;
import dev.hubkit.hub.HubSettings;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.SnapshotOptions;
import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Hub download benchmark over loopback against {@code hubkit serve}'s server: one large file
 * (hubkit single stream, hubkit parallel chunks, and {@code curl -o file} from the same server in
 * the same run), and a snapshot of many small files with 8 workers against 1. Rewrites the hub section of BENCHMARKS.md, with a second table of
 * where the client's CPU time goes ({@link TaskClock}).
 *
 * <p>Args: {@code --work DIR --out BENCHMARKS.md [--large-mb 1024] [--small-files 500] [--runs 3]}.
 */
public final class HubBench {

    private HubBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(arg(args, "--work", "bench-work-hub"));
        Path out = Path.of(arg(args, "--out", "BENCHMARKS.md"));
        int largeMb = Integer.parseInt(arg(args, "--large-mb", "1024"));
        int smallFiles = Integer.parseInt(arg(args, "--small-files", "500"));
        int runs = Integer.parseInt(arg(args, "--runs", "3"));
        Path root = work.resolve("root");
        long largeBytes = (long) largeMb << 20;
        Path big = root.resolve("bench/large/model.bin");
        prepareLarge(big, largeBytes);
        prepareSmall(root.resolve("bench/small"), smallFiles);
        Path runsDir = work.resolve("runs");
        deleteTree(runsDir);
        deleteTree(work.resolve("warm"));
        List<String> rows = new ArrayList<>();
        List<String> splitRows = new ArrayList<>();
        String warmNote = "";
        try (HubServer server = HubServer.start(new ServerOptions("127.0.0.1", 0,
                new DirectoryRepoStore(root, 10L << 20), null, null, 32))) {
            String endpoint = server.endpoint().toString();
            // warm-up: the server hashes the content once (commit id, sha256 etag), and the client's and
            // server's code paths get compiled before anything is timed
            try (HubClient c = new HubClient(HubSettings.of(endpoint, work.resolve("warm")))) {
                c.metadata(RepoRef.model("bench/large"), "model.bin", "main");
                c.repoInfo(RepoRef.model("bench/small"), "main");
            }
            String url = endpoint + "/bench/large/resolve/main/model.bin";
            Path curlOut = runsDir.resolve("curl.out");
            Path single = runsDir.resolve("single");
            Path chunked = runsDir.resolve("chunked");
            // one untimed large download of each kind, so that no timed round runs the receive loops
            // interpreted (curl has nothing to compile)
            hubkitFile(endpoint, single, Long.MAX_VALUE);
            hubkitFile(endpoint, chunked, 64L << 20);
            deleteTree(single);
            deleteTree(chunked);
            // The cases of one group take turns run by run, so a change of load on a shared machine hits
            // each of them alike and the ratios stay meaningful. Removing the previous run's output is not
            // timed (deleting a 1 GB file costs about 0.1 s of the kernel's time).
            Result[] file = bestInterleaved(runs, List.of(
                    new Case(() -> deleteTree(curlOut), () -> curl(url, curlOut)),
                    Case.of(() -> deleteTree(single), () -> hubkitFile(endpoint, single, Long.MAX_VALUE)),
                    Case.of(() -> deleteTree(chunked), () -> hubkitFile(endpoint, chunked, 64L << 20))));
            deleteTree(runsDir);
            double mb = largeBytes / 1048576.0;
            double gb = mb / 1024;
            String[] names = {"`curl -o file`", "hubkit single stream (sha256 checked)",
                    "hubkit 4 parallel chunks (sha256 checked)"};
            for (int i = 0; i < names.length; i++) {
                rows.add(String.format(Locale.ROOT, "| %d MB file, %s | %.0f MB/s | %.2f | %.2f / %.2f s per GB |",
                        largeMb, names[i], mb / file[i].seconds(), file[0].seconds() / file[i].seconds(),
                        file[i].clientCpu() / gb, file[i].serverCpu() / gb));
                if (i > 0) {
                    splitRows.add(splitRow(largeMb + " MB file, " + names[i], file[i], gb, 1, "s per GB",
                            i == 2 ? "waits" : "reader", i == 1 ? "hasher" : "chunk readers, prefix hasher"));
                }
            }
            // Every snapshot run gets a folder of its own and the folders are removed at the end: on an
            // ext4 file system without a journal, inodes freed in the last few minutes are skipped one by
            // one when new ones are allocated, so deleting one run's 1500 files right before the next run
            // would make the next run pay for the deletion
            // warmed up right before the snapshots are timed: the large downloads change the profiles of
            // code both use (BlobDownloader), and the JIT compilers would recompile during the timed runs
            warmNote = warmUp(endpoint, work.resolve("warm"));
            int[] round = new int[2];
            Result[] snap = bestInterleaved(runs, List.of(
                    Case.of(() -> { }, () -> snapshot(endpoint, runsDir.resolve("s1-" + round[0]++), 1)),
                    Case.of(() -> { }, () -> snapshot(endpoint, runsDir.resolve("s8-" + round[1]++), 8))));
            String[] snapNames = {"1 worker", "8 workers"};
            for (int i = 0; i < snap.length; i++) {
                // with one worker every file is fetched on the measuring thread: its CPU time is the
                // client's own work per file, without the JIT compiler's and the garbage collector's
                String own = i == 0 ? String.format(Locale.ROOT, " (downloading thread %.0f)",
                        snap[i].threadCpu() / smallFiles * 1e6) : "";
                rows.add(String.format(Locale.ROOT, "| snapshot of %d small files, %s | %.0f files/s | %.2f | "
                                + "%.0f / %.0f us per file%s |", smallFiles, snapNames[i],
                        smallFiles / snap[i].seconds(), snap[0].seconds() / snap[i].seconds(),
                        snap[i].clientCpu() / smallFiles * 1e6, snap[i].serverCpu() / smallFiles * 1e6, own));
                splitRows.add(splitRow("snapshot, " + snapNames[i], snap[i], smallFiles, 1e6, "us per file",
                        i == 0 ? "every file" : "waits", i == 0 ? "-" : "workers"));
            }
        } finally {
            deleteTree(runsDir);
            deleteTree(work.resolve("warm"));
        }
        StringBuilder md = new StringBuilder();
        md.append("## Hub downloads (loopback)\n\n");
        md.append("Produced by `bench/run-hub.sh` (`dev.hubkit.bench.hub.HubBench`) on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, Java ")
                .append(System.getProperty("java.version")).append(", best of ").append(runs)
                .append(" rounds (the cases of a group take turns in each round). Server: `hubkit serve`'s server on 127.0.0.1, sharing the CPUs with the client; every run starts from an empty cache. ")
                .append("Ratio: speed relative to the first row of its group (targets: single stream >= 0.90 of curl; ")
                .append("8 workers >= 4x one worker). CPU: CPU time of the client (curl's process, or the JVM less the ")
                .append("server's threads) and of the server's threads in the fastest run; for one worker also that of ")
                .append("the thread that downloads every file (the client's own work, without JIT compiler and GC).")
                .append(warmNote)
                .append(prefaultNote())
                .append(loadNote())
                .append("\n\n");
        md.append("| case | speed | ratio | CPU client / server |\n|---|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        if (!splitRows.isEmpty()) {
            md.append("\nWhere the client's CPU time goes in the same runs (Linux threads from /proc: the measuring thread, ")
                    .append("the client's other threads including those that ended within the run, the JIT compilers, the ")
                    .append("garbage collector with the VM thread), and the server's one dispatcher thread (the JDK server ")
                    .append("watches every connection and hands each request to a pool thread: at D us per file it caps a snapshot near ")
                    .append("10^6/D files/s). ").append(shaNote()).append("\n\n")
                    .append("| case | measuring thread | other client threads | JIT | GC + VM | server's dispatcher |\n")
                    .append("|---|---|---|---|---|---|\n");
            splitRows.forEach(r -> md.append(r).append('\n'));
        }
        writeSection(out, "hub", md.toString());
        System.out.println(md);
    }

    /**
     * Runs the timed snapshot cases in turn until they stop getting faster and the JIT compilers are
     * done with the per-file paths of client and server (C2 compiles them over the first ten thousand
     * files or more; with 2 cores its work on them was still a third of the one-worker case's CPU time
     * after 12 rounds), within {@link #WARM_UP_LIMIT_NANOS}. The folders stay until the end (see the
     * note on inodes in {@link #main}). Returns a sentence for the report.
     */
    private static String warmUp(String endpoint, Path dir) {
        double best = Double.MAX_VALUE;
        int stale = 0;
        int settled = 0;
        CpuClock clock = new CpuClock();
        double jitShare = -1;
        int i = 0;
        long deadline = System.nanoTime() + WARM_UP_LIMIT_NANOS;
        // until the pair (1 worker, 8 workers) stops getting faster and the JIT
        // compilers stop working (their CPU time under 2% of the pair's twice in a row), within a time limit: a timed run with the compilers still busy charges
        // their work to the case (most to the slowest, one worker), which is not the download's cost
        for (; i < 200 && (stale < 2 || (jitShare >= 0 && settled < 2)) && System.nanoTime() < deadline; i++) {
            double cpu0 = clock.read()[0];
            TaskClock.Reading r0 = TaskClock.read();
            long t0 = System.nanoTime();
            snapshot(endpoint, dir.resolve("s1-" + i), 1);
            snapshot(endpoint, dir.resolve("s8-" + i), 8);
            double t = (System.nanoTime() - t0) / 1e9;
            double cpu = clock.read()[0] - cpu0;
            double[] split = TaskClock.split(r0, TaskClock.read(), cpu);
            jitShare = split == null || cpu <= 0 ? -1 : split[TaskClock.Kind.JIT.ordinal()] / cpu;
            settled = jitShare >= 0 && jitShare < 0.02 ? settled + 1 : 0;
            stale = t < best * 0.97 ? 0 : stale + 1;
            best = Math.min(best, t);
        }
        return jitShare < 0 ? String.format(Locale.ROOT, " Snapshot warm-up: %d rounds.", i)
                : String.format(Locale.ROOT, " Snapshot warm-up: %d rounds, the JIT compilers' share of the last "
                        + "round's CPU time %.1f%%.", i, jitShare * 100);
    }

    /** Upper bound of the snapshot warm-up. */
    private static final long WARM_UP_LIMIT_NANOS = 120_000_000_000L;

    /** The load average at the end of the run: on a shared machine, other work skews the numbers. */
    /** Says what runs before each timed run (sync, and the prefault of run-hub.sh when set). */
    private static String prefaultNote() {
        String prefault = System.getenv("HUBKIT_BENCH_PREFAULT");
        if (prefault == null || prefault.isBlank()) {
            return " Before each timed run: `sync`.";
        }
        return " Before each timed run: `sync`, then a child process touched every page of "
                + System.getenv().getOrDefault("PREFAULT_GB", "?") + " GiB and exited (`bench/prefault.py`, "
                + "`PREFAULT_GB`), so that the run, curl's included, gets memory the host backs already.";
    }

    private static String loadNote() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return " Load average at the end of the run (1/5/15 min): " + l[0] + " / " + l[1] + " / " + l[2] + ".";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    interface Run {
        /** Runs the case; returns CPU seconds spent by child processes it ran (0 when none). */
        double run() throws Exception;
    }

    interface Setup {
        void run() throws Exception;
    }

    /** A benchmark case: an untimed setup, then the timed run. */
    record Case(Setup setup, Run run) {
        /** A case whose run starts no child process. */
        static Case of(Setup setup, Setup body) {
            return new Case(setup, () -> {
                body.run();
                return 0.0;
            });
        }
    }

    /**
     * Wall seconds of a run, the CPU seconds of the client and of the server during it, of the
     * measuring thread, and the client's CPU seconds by {@link TaskClock} kind (null where /proc
     * cannot be read).
     */
    record Result(double seconds, double clientCpu, double serverCpu, double threadCpu, double[] split,
                  double dispatcherCpu) {
    }

    /**
     * A row of the CPU split: the measuring thread (the reader, or the thread that downloads every
     * file), the threads that ended within the run (hasher, chunk readers, snapshot workers), JIT,
     * GC and the client's other threads, each divided by {@code per} and scaled by {@code scale}.
     */
    private static String splitRow(String name, Result r, double per, double scale, String unit, String threadRole,
                                   String endedRole) {
        double[] s = r.split();
        if (s == null) {
            return String.format(Locale.ROOT, "| %s | %.2f | - | - | - | - |", name, r.threadCpu() / per * scale);
        }
        // threads that ended within the run and the client's other live ones (a pool's threads may still be
        // finishing when the run is read)
        double others = Math.max(0, s[TaskClock.Kind.values().length] + s[TaskClock.Kind.OTHER.ordinal()] - r.threadCpu());
        String fmt = scale == 1 ? "%.2f" : "%.0f";
        return String.format(Locale.ROOT, "| %s (%s) | " + fmt + " (%s) | " + fmt + " (%s) | " + fmt + " | " + fmt + " | "
                        + fmt + " |", name, unit, r.threadCpu() / per * scale, threadRole, others / per * scale,
                endedRole, s[TaskClock.Kind.JIT.ordinal()] / per * scale, s[TaskClock.Kind.GC.ordinal()] / per * scale,
                r.dispatcherCpu() / per * scale);
    }

    /**
     * SHA-256 speed of the JDK's MessageDigest on this machine (CPU time of this thread, 64 blocks of
     * 256 KiB as the download hashes them, best of 12 passes) and of {@code openssl speed}, where it is
     * installed: how far a native digest could take the single stream, whose hasher thread is its
     * slowest stage.
     */
    private static String shaNote() {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[][] blocks = new byte[64][256 << 10];
            Random rnd = new Random(3);
            for (byte[] b : blocks) {
                rnd.nextBytes(b);
            }
            CpuClock clock = new CpuClock();
            double best = 0;
            for (int pass = 0; pass < 12; pass++) {
                long c0 = clock.thread();
                for (byte[] b : blocks) {
                    md.update(b);
                }
                md.digest();
                long c1 = clock.thread();
                best = Math.max(best, 64.0 * (256 << 10) / ((c1 - c0) / 1e9) / 1e6);
            }
            String note = String.format(Locale.ROOT, "SHA-256 on this machine: JDK %.0f MB/s of one thread's CPU", best);
            return note + opensslSha256().map(v -> String.format(Locale.ROOT, ", `openssl speed -evp sha256` %.0f MB/s", v))
                    .orElse("") + " (MB = 10^6 bytes).";
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return "";
        }
    }

    /** {@code openssl speed -evp sha256 -bytes 1048576 -seconds 2}: MB/s (10^6 bytes), or empty. */
    private static java.util.Optional<Double> opensslSha256() {
        try {
            Process p = new ProcessBuilder("openssl", "speed", "-evp", "sha256", "-bytes", "1048576", "-seconds", "2")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return java.util.Optional.empty();
            }
            for (String line : out.split("\n")) {
                String[] f = line.strip().split("\\s+");
                if (f.length == 2 && f[0].equalsIgnoreCase("sha256") && f[1].endsWith("k")) {
                    // "sha256   1426277.36k": thousands of bytes per second
                    return java.util.Optional.of(Double.parseDouble(f[1].substring(0, f[1].length() - 1)) / 1000);
                }
            }
            return java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    /** The fastest run of each case over {@code runs} rounds; each round runs every case once, in turn. */
    private static Result[] bestInterleaved(int runs, List<Case> cases) throws Exception {
        Result[] best = new Result[cases.size()];
        CpuClock clock = new CpuClock();
        for (int i = 0; i < runs; i++) {
            for (int c = 0; c < cases.size(); c++) {
                cases.get(c).setup().run();
                dev.hubkit.bench.Writeback.settle();
                double[] cpu0 = clock.read();
                TaskClock.Reading tasks0 = TaskClock.read();
                long thread0 = clock.thread();
                long t0 = System.nanoTime();
                double childCpu = cases.get(c).run().run();
                double seconds = (System.nanoTime() - t0) / 1e9;
                long thread1 = clock.thread();
                double[] cpu1 = clock.read();
                TaskClock.Reading tasks1 = TaskClock.read();
                double server = cpu1[1] - cpu0[1];
                double client = childCpu > 0 ? childCpu : cpu1[0] - cpu0[0] - server;
                double[] split = childCpu > 0 ? null : TaskClock.split(tasks0, tasks1, cpu1[0] - cpu0[0]);
                if (best[c] == null || seconds < best[c].seconds()) {
                    best[c] = new Result(seconds, client, server, (thread1 - thread0) / 1e9, split, cpu1[2] - cpu0[2]);
                }
            }
        }
        return best;
    }

    /**
     * CPU time of this process and of the server's threads (the JDK server's dispatcher and the
     * {@code hubkit-serve-*} pool, which live as long as the server).
     */
    static final class CpuClock {
        private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        private final java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();

        /** CPU nanoseconds of the calling (measuring) thread. */
        long thread() {
            return threads.getCurrentThreadCpuTime();
        }

        /** {process CPU seconds, server threads' CPU seconds, of which the JDK server's one dispatcher thread}. */
        double[] read() {
            double process = os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() / 1e9 : 0;
            long server = 0;
            long dispatcher = 0;
            for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t != null && (t.getThreadName().startsWith("hubkit-serve") || t.getThreadName().startsWith("HTTP-Dispatcher"))) {
                    long c = Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
                    server += c;
                    if (t.getThreadName().startsWith("HTTP-Dispatcher")) {
                        dispatcher += c;
                    }
                }
            }
            return new double[]{process, server / 1e9, dispatcher / 1e9};
        }
    }

    /** Runs curl; returns its CPU seconds (user + system, as bash's {@code times} reports them). */
    private static double curl(String url, Path target) throws Exception {
        Files.createDirectories(target.getParent());
        Process p = new ProcessBuilder("bash", "-c", "curl -sS -L -o \"$1\" \"$2\" >&2 && times", "bash",
                target.toString(), url).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String times = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("curl failed");
        }
        // second line: children's user and system time, e.g. "0m0.190s 0m1.310s"
        String[] lines = times.strip().split("\n");
        double cpu = 0;
        if (lines.length >= 2) {
            for (String t : lines[1].strip().split("\\s+")) {
                int m = t.indexOf('m');
                if (m > 0 && t.endsWith("s")) {
                    cpu += Integer.parseInt(t.substring(0, m)) * 60 + Double.parseDouble(t.substring(m + 1, t.length() - 1));
                }
            }
        }
        return cpu;
    }

    private static void hubkitFile(String endpoint, Path cache, long chunkThreshold) {
        try (HubClient c = new HubClient(HubSettings.of(endpoint, cache).withChunks(chunkThreshold, 64L << 20, 4))) {
            c.downloadFile(RepoRef.model("bench/large"), "model.bin", "main");
        }
    }

    private static void snapshot(String endpoint, Path cache, int workers) {
        try (HubClient c = new HubClient(HubSettings.of(endpoint, cache))) {
            c.downloadSnapshot(RepoRef.model("bench/small"), "main", SnapshotOptions.defaults().withWorkers(workers));
        }
    }

    private static void prepareLarge(Path file, long size) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) == size) {
            return;
        }
        Files.createDirectories(file.getParent());
        Random rnd = new Random(1);
        byte[] buf = new byte[1 << 20];
        try (OutputStream o = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += buf.length) {
                rnd.nextBytes(buf);
                o.write(buf, 0, (int) Math.min(buf.length, size - done));
            }
        }
    }

    private static void prepareSmall(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        Random rnd = new Random(2);
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve(String.format(Locale.ROOT, "part-%02d/file-%04d.txt", i % 10, i));
            if (!Files.exists(f)) {
                Files.createDirectories(f.getParent());
                byte[] b = new byte[1024 + rnd.nextInt(8192)];
                rnd.nextBytes(b);
                Files.write(f, b);
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> w = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) w.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + dir, e);
        }
    }

    static void writeSection(Path file, String name, String body) throws IOException {
        String start = "<!-- " + name + ":start -->";
        String end = "<!-- " + name + ":end -->";
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
        String block = start + "\n" + body + end;
        int s = text.indexOf(start);
        int e = text.indexOf(end);
        if (s >= 0 && e > s) {
            text = text.substring(0, s) + block + text.substring(e + end.length());
        } else {
            text = text + (text.endsWith("\n") ? "\n" : "\n\n") + block + "\n";
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String arg(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }
}
