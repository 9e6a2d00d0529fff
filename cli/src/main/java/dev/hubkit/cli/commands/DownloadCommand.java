package dev.hubkit.cli.commands;

import dev.hubkit.cli.ExitCodes;
import dev.hubkit.hub.ByteSizes;
import dev.hubkit.hub.DownloadListener;
import dev.hubkit.hub.HubClient;
import dev.hubkit.hub.HubSettings;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.RepoType;
import dev.hubkit.hub.SnapshotOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hubkit download REPO [FILES...]}: downloads into the shared hub cache; prints the path last. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Download files or a whole snapshot of a hub repo into the Hugging Face cache "
                + "(shared with Python). The last line of output is the local snapshot (or file) path."})
public final class DownloadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REPO", description = "Repo id, e.g. org/name.")
    String repo;

    @Parameters(index = "1..*", paramLabel = "FILES", description = "Files to download (default: the whole snapshot).")
    List<String> files = new ArrayList<>();

    @Option(names = "--revision", description = "Branch, tag or commit (default: main).")
    String revision = HubClient.MAIN;

    @Option(names = "--repo-type", description = "model, dataset or space (default: model).")
    String repoType = "model";

    @Option(names = "--include", description = "Only files matching this glob (repeatable).")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", description = "Skip files matching this glob (repeatable).")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--cache-dir", description = "Hub cache folder (default: $HF_HUB_CACHE or $HF_HOME/hub).")
    Path cacheDir;

    @Option(names = "--local-dir", description = "Also copy the files into this folder and print it.")
    Path localDir;

    @Option(names = "--endpoint", description = "Hub URL (default: $HF_ENDPOINT or https://huggingface.co).")
    String endpoint;

    @Option(names = "--token", description = "Access token (default: $HF_TOKEN or the token file).")
    String token;

    @Option(names = "--offline", description = "Use only the local cache.")
    boolean offline;

    @Option(names = "--workers", description = "Parallel file downloads (default: 8).")
    int workers = 8;

    @Override
    public Integer call() {
        HubSettings s = HubSettings.fromEnvironment();
        if (endpoint != null) {
            s = s.withEndpoint(endpoint);
        }
        if (cacheDir != null) {
            s = s.withCacheDir(cacheDir);
        }
        if (token != null) {
            s = s.withToken(token);
        }
        if (offline) {
            s = s.withOffline(true);
        }
        if (workers < 1) {
            throw new ParameterException(spec.commandLine(), "--workers must be at least 1, got " + workers);
        }
        PrintWriter out = spec.commandLine().getOut();
        DownloadListener progress = System.console() != null ? new Progress(spec.commandLine().getErr())
                : DownloadListener.NONE;
        RepoRef ref = new RepoRef(RepoType.parse(repoType), repo);
        Path result;
        try (HubClient client = new HubClient(s)) {
            if (files.isEmpty()) {
                result = client.downloadSnapshot(ref, revision,
                        new SnapshotOptions(include, exclude, workers, progress));
                if (localDir != null) {
                    result = HubClient.exportSnapshot(result, localDir);
                }
            } else {
                result = null;
                for (String f : files) {
                    Path cached = client.downloadFile(ref, f, revision, progress);
                    result = localDir == null ? cached : HubClient.exportFile(cached, localDir, f);
                }
            }
        }
        out.println(result);
        out.flush();
        return ExitCodes.OK;
    }

    /** Per-file and total progress on stderr, only when attached to a terminal. */
    private static final class Progress implements DownloadListener {
        private final PrintWriter err;
        private final ConcurrentHashMap<String, long[]> files = new ConcurrentHashMap<>();
        private final AtomicLong total = new AtomicLong();
        private volatile long lastDraw;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void started(String file, long size, long alreadyHave) {
            files.put(file, new long[]{alreadyHave, size});
            total.addAndGet(alreadyHave);
        }

        @Override
        public void progress(String file, long bytes) {
            long[] f = files.get(file);
            if (f != null) {
                f[0] += bytes;
            }
            total.addAndGet(bytes);
            long now = System.nanoTime();
            if (now - lastDraw > 200_000_000L) {
                lastDraw = now;
                draw(file, f);
            }
        }

        @Override
        public void finished(String file, long size) {
            synchronized (err) {
                err.print("\r\033[K" + file + " " + ByteSizes.format(size) + " done\n");
                err.flush();
            }
        }

        private void draw(String file, long[] f) {
            long all = files.values().stream().mapToLong(x -> x[1]).sum();
            String pct = f == null || f[1] == 0 ? "" : (100 * f[0] / f[1]) + "% ";
            synchronized (err) {
                err.print("\r\033[K" + file + " " + pct + "| total " + ByteSizes.format(total.get()) + " / "
                        + ByteSizes.format(all));
                err.flush();
            }
        }
    }
}
