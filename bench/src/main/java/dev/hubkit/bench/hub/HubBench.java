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
        List<String> rows = new ArrayList<>();
        try (HubServer server = HubServer.start(new ServerOptions("127.0.0.1", 0,
                new DirectoryRepoStore(root, 10L << 20), null, null, 32))) {
            String endpoint = server.endpoint().toString();
            // warm-up: the server hashes the content once (commit id, sha256 etag)
            try (HubClient c = new HubClient(HubSettings.of(endpoint, work.resolve("warm")))) {
                c.metadata(RepoRef.model("bench/large"), "model.bin", "main");
                c.repoInfo(RepoRef.model("bench/small"), "main");
            }
            deleteTree(work.resolve("warm"));
            String url = endpoint + "/bench/large/resolve/main/model.bin";
            // the cases of one group take turns run by run, so a change of load on a shared machine hits
            // each of them alike and the ratios stay meaningful
            double[] file = bestInterleaved(runs,
                    () -> curl(url, work.resolve("curl.out")),
                    () -> hubkitFile(endpoint, work.resolve("c1"), Long.MAX_VALUE),
                    () -> hubkitFile(endpoint, work.resolve("c2"), 64L << 20));
            double curl = file[0];
            double single = file[1];
            double chunked = file[2];
            double mb = largeBytes / 1048576.0;
            rows.add(String.format(Locale.ROOT, "| %d MB file, `curl -o file` | %.0f MB/s | 1.00 |", largeMb, mb / curl));
            rows.add(String.format(Locale.ROOT, "| %d MB file, hubkit single stream (sha256 checked) | %.0f MB/s | %.2f |",
                    largeMb, mb / single, curl / single));
            rows.add(String.format(Locale.ROOT, "| %d MB file, hubkit 4 parallel chunks (sha256 checked) | %.0f MB/s | %.2f |",
                    largeMb, mb / chunked, curl / chunked));
            double[] snap = bestInterleaved(runs,
                    () -> snapshot(endpoint, work.resolve("s1"), 1),
                    () -> snapshot(endpoint, work.resolve("s8"), 8));
            double one = snap[0];
            double eight = snap[1];
            rows.add(String.format(Locale.ROOT, "| snapshot of %d small files, 1 worker | %.0f files/s | 1.00 |",
                    smallFiles, smallFiles / one));
            rows.add(String.format(Locale.ROOT, "| snapshot of %d small files, 8 workers | %.0f files/s | %.2f |",
                    smallFiles, smallFiles / eight, one / eight));
        }
        StringBuilder md = new StringBuilder();
        md.append("## Hub downloads (loopback)\n\n");
        md.append("Produced by `bench/run-hub.sh` (`dev.hubkit.bench.hub.HubBench`) on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, Java ")
                .append(System.getProperty("java.version")).append(", best of ").append(runs)
                .append(" rounds (the cases of a group take turns in each round). Server: `hubkit serve`'s server on 127.0.0.1, sharing the CPUs with the client; every run starts from an empty cache. ")
                .append("Ratio: speed relative to the first row of its group (targets: single stream >= 0.90 of curl; ")
                .append("8 workers >= 4x one worker).").append(loadNote()).append("\n\n");
        md.append("| case | speed | ratio |\n|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        writeSection(out, "hub", md.toString());
        System.out.println(md);
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
        void run() throws Exception;
    }

    /** Best time in seconds of each case over {@code runs} rounds; each round runs every case once, in turn. */
    private static double[] bestInterleaved(int runs, Run... cases) throws Exception {
        double[] best = new double[cases.length];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        for (int i = 0; i < runs; i++) {
            for (int c = 0; c < cases.length; c++) {
                long t0 = System.nanoTime();
                cases[c].run();
                best[c] = Math.min(best[c], (System.nanoTime() - t0) / 1e9);
            }
        }
        return best;
    }

    private static void curl(String url, Path target) throws Exception {
        Files.deleteIfExists(target);
        Process p = new ProcessBuilder("curl", "-sS", "-L", "-o", target.toString(), url).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("curl failed");
        }
    }

    private static void hubkitFile(String endpoint, Path cache, long chunkThreshold) {
        deleteTree(cache);
        try (HubClient c = new HubClient(HubSettings.of(endpoint, cache).withChunks(chunkThreshold, 64L << 20, 4))) {
            c.downloadFile(RepoRef.model("bench/large"), "model.bin", "main");
        }
    }

    private static void snapshot(String endpoint, Path cache, int workers) {
        deleteTree(cache);
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
