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
 * the same run), and a snapshot of many small files with 8 workers against 1. Rewrites the hub
 * section of BENCHMARKS.md.
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
        try (HubServer server = HubServer.start(new ServerOptions("127.0.0.1", 0,
                new DirectoryRepoStore(root, 10L << 20), null, null, 32))) {
            String endpoint = server.endpoint().toString();
            // warm-up: the server hashes the content once (commit id, sha256 etag), and the client's and
            // server's code paths get compiled before anything is timed
            try (HubClient c = new HubClient(HubSettings.of(endpoint, work.resolve("warm")))) {
                c.metadata(RepoRef.model("bench/large"), "model.bin", "main");
                c.repoInfo(RepoRef.model("bench/small"), "main");
            }
            warmUp(endpoint, work.resolve("warm"));
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
            }
            // Every snapshot run gets a folder of its own and the folders are removed at the end: on an
            // ext4 file system without a journal, inodes freed in the last few minutes are skipped one by
            // one when new ones are allocated, so deleting one run's 1500 files right before the next run
            // would make the next run pay for the deletion
            int[] round = new int[2];
            Result[] snap = bestInterleaved(runs, List.of(
                    Case.of(() -> { }, () -> snapshot(endpoint, runsDir.resolve("s1-" + round[0]++), 1)),
                    Case.of(() -> { }, () -> snapshot(endpoint, runsDir.resolve("s8-" + round[1]++), 8))));
            for (int i = 0; i < snap.length; i++) {
                // with one worker every file is fetched on the measuring thread: its CPU time is the
                // client's own work per file, without the JIT compiler's and the garbage collector's
                String own = i == 0 ? String.format(Locale.ROOT, " (downloading thread %.0f)",
                        snap[i].threadCpu() / smallFiles * 1e6) : "";
                rows.add(String.format(Locale.ROOT, "| snapshot of %d small files, %d worker%s | %.0f files/s | %.2f | "
                                + "%.0f / %.0f us per file%s |", smallFiles, i == 0 ? 1 : 8, i == 0 ? "" : "s",
                        smallFiles / snap[i].seconds(), snap[0].seconds() / snap[i].seconds(),
                        snap[i].clientCpu() / smallFiles * 1e6, snap[i].serverCpu() / smallFiles * 1e6, own));
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
                .append(loadNote())
                .append("\n\n");
        md.append("| case | speed | ratio | CPU client / server |\n|---|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        writeSection(out, "hub", md.toString());
        System.out.println(md);
    }

    /**
     * Runs snapshots with 1 and 8 workers until a pair stops getting faster (the JIT compiles the
     * per-file paths of client and server over the first few thousand files), at most 12 pairs.
     * The folders stay until the end (see the note on inodes in {@link #main}).
     */
    private static void warmUp(String endpoint, Path dir) {
        double best = Double.MAX_VALUE;
        int stale = 0;
        for (int i = 0; i < 12 && stale < 2; i++) {
            long t0 = System.nanoTime();
            snapshot(endpoint, dir.resolve("s1-" + i), 1);
            snapshot(endpoint, dir.resolve("s8-" + i), 8);
            double t = (System.nanoTime() - t0) / 1e9;
            stale = t < best * 0.97 ? 0 : stale + 1;
            best = Math.min(best, t);
        }
    }

    /** The load average at the end of the run: on a shared machine, other work skews the numbers. */
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

    /** Wall seconds of a run and the CPU seconds of the client and of the server during it. */
    record Result(double seconds, double clientCpu, double serverCpu, double threadCpu) {
    }

    /** The fastest run of each case over {@code runs} rounds; each round runs every case once, in turn. */
    private static Result[] bestInterleaved(int runs, List<Case> cases) throws Exception {
        Result[] best = new Result[cases.size()];
        CpuClock clock = new CpuClock();
        for (int i = 0; i < runs; i++) {
            for (int c = 0; c < cases.size(); c++) {
                cases.get(c).setup().run();
                double[] cpu0 = clock.read();
                long thread0 = clock.thread();
                long t0 = System.nanoTime();
                double childCpu = cases.get(c).run().run();
                double seconds = (System.nanoTime() - t0) / 1e9;
                long thread1 = clock.thread();
                double[] cpu1 = clock.read();
                double server = cpu1[1] - cpu0[1];
                double client = childCpu > 0 ? childCpu : cpu1[0] - cpu0[0] - server;
                if (best[c] == null || seconds < best[c].seconds()) {
                    best[c] = new Result(seconds, client, server, (thread1 - thread0) / 1e9);
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

        /** {process CPU seconds, server threads' CPU seconds}. */
        double[] read() {
            double process = os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() / 1e9 : 0;
            long server = 0;
            for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t != null && (t.getThreadName().startsWith("hubkit-serve") || t.getThreadName().startsWith("HTTP-Dispatcher"))) {
                    long c = threads.getThreadCpuTime(t.getThreadId());
                    server += Math.max(0, c);
                }
            }
            return new double[]{process, server / 1e9};
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
