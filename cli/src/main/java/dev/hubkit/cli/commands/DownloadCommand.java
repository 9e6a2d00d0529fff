package dev.hubkit.cli.commands;

import dev.hubkit.cli.ExitCodes;
import dev.hubkit.hub.ByteSizes;
import dev.hubkit.hub.DownloadListener;
import dev.hubkit.hub.HubClient;
import dev.hubkit.hub.HubSettings;
import dev.hubkit.hub.LocalDirMetadata;
import dev.hubkit.hub.LocalDirPaths;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.RepoType;
import dev.hubkit.hub.SnapshotOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/** {@code hubkit download REPO [FILES...]}: downloads into the shared hub cache; prints the path last. */
public final class DownloadCommand implements Callable<Integer> {

    private final PositionalParamSpec repoArg = Specs.positional("0", String.class, "REPO", "Repo id, e.g. org/name.");
    private final PositionalParamSpec filesArg = Specs.rest("1..*", "FILES",
            "Files to download (default: the whole snapshot).");
    private final OptionSpec revisionArg = Specs.option("--revision", String.class, "<revision>", HubClient.MAIN,
            "Branch, tag or commit (default: main).");
    private final OptionSpec repoTypeArg = Specs.option("--repo-type", String.class, "<repoType>", "model",
            "model, dataset or space (default: model).");
    private final OptionSpec includeArg = Specs.repeatable("--include", "<include>",
            "Only files matching this glob (repeatable).");
    private final OptionSpec excludeArg = Specs.repeatable("--exclude", "<exclude>",
            "Skip files matching this glob (repeatable).");
    private final OptionSpec cacheDirArg = Specs.option("--cache-dir", Path.class, "<cacheDir>",
            "Hub cache folder (default: $HF_HUB_CACHE or $HF_HOME/hub).");
    private final OptionSpec localDirArg = Specs.option("--local-dir", Path.class, "<localDir>",
            "Download into this folder instead of the cache (as huggingface_hub's local_dir) and print it.");
    private final OptionSpec endpointArg = Specs.option("--endpoint", String.class, "<endpoint>",
            "Hub URL (default: $HF_ENDPOINT or https://huggingface.co).");
    private final OptionSpec tokenArg = Specs.option("--token", String.class, "<token>",
            "Access token (default: $HF_TOKEN or the token file).");
    private final OptionSpec offlineArg = Specs.flag("--offline",
            "Use only what is already downloaded (cache or --local-dir).");
    private final OptionSpec workersArg = Specs.option("--workers", int.class, "<workers>", 8,
            "Parallel file downloads (default: 8).");

    private final CommandSpec spec = Specs.command(this, "download",
            "Download files or a whole snapshot of a hub repo into the Hugging Face cache "
                    + "(shared with Python). The last line of output is the local snapshot (or file) path.")
            .addPositional(repoArg).addPositional(filesArg)
            .addOption(revisionArg).addOption(repoTypeArg).addOption(includeArg).addOption(excludeArg)
            .addOption(cacheDirArg).addOption(localDirArg).addOption(endpointArg).addOption(tokenArg)
            .addOption(offlineArg).addOption(workersArg);

    /** The model of a new {@code download} command. */
    public static CommandSpec spec() {
        return new DownloadCommand().spec;
    }

    @Override
    public Integer call() {
        String repo = repoArg.getValue();
        List<String> files = Specs.values(filesArg);
        String revision = revisionArg.getValue();
        String repoType = repoTypeArg.getValue();
        List<String> include = Specs.values(includeArg);
        List<String> exclude = Specs.values(excludeArg);
        Path cacheDir = cacheDirArg.getValue();
        Path localDir = localDirArg.getValue();
        String endpoint = endpointArg.getValue();
        String token = tokenArg.getValue();
        boolean offline = Specs.isSet(offlineArg);
        int workers = workersArg.getValue();
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
        if (localDir != null && Files.exists(localDir) && !Files.isDirectory(localDir)) {
            throw new ParameterException(spec.commandLine(), "--local-dir " + localDir + " is a file, not a folder");
        }
        if (!files.isEmpty() && (!include.isEmpty() || !exclude.isEmpty())) {
            throw new ParameterException(spec.commandLine(),
                    "--include and --exclude select files of a snapshot: give either FILES or patterns, not both");
        }
        PrintWriter out = spec.commandLine().getOut();
        DownloadListener progress = System.console() != null ? new Progress(spec.commandLine().getErr())
                : DownloadListener.NONE;
        RepoRef ref = new RepoRef(RepoType.parse(repoType), repo);
        Path result;
        try (HubClient client = new HubClient(s)) {
            if (localDir != null) {
                result = toLocalDir(client, ref, files, revision, include, exclude, workers, progress, localDir);
            } else if (files.isEmpty()) {
                result = client.downloadSnapshot(ref, revision,
                        new SnapshotOptions(include, exclude, workers, progress));
            } else {
                result = null;
                String commit = null;
                for (String f : files) {
                    Path cached = client.downloadFile(ref, f, revision, progress);
                    Path snapshot = snapshotOf(cached, f);
                    if (commit == null) {
                        commit = snapshot.getFileName().toString();
                    } else if (!commit.equals(snapshot.getFileName().toString())) {
                        // the revision moved meanwhile: every file from the first one's commit, as huggingface_hub's
                        // CLI ensures
                        cached = client.downloadFile(ref, f, commit, progress);
                        snapshot = snapshotOf(cached, f);
                    }
                    // one file: its path; several: the folder that holds them all
                    result = files.size() == 1 ? cached : snapshot;
                }
            }
        }
        out.println(result.toAbsolutePath().normalize());
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * {@code --local-dir}: straight into the folder, as huggingface_hub does (the cache is not written);
     * returns the file (one) or the folder (several, or a snapshot).
     */
    private static Path toLocalDir(HubClient client, RepoRef ref, List<String> files, String revision,
                                   List<String> include, List<String> exclude, int workers, DownloadListener progress,
                                   Path localDir) {
        if (files.isEmpty()) {
            return client.downloadSnapshotToLocalDir(ref, revision,
                    new SnapshotOptions(include, exclude, workers, progress), localDir);
        }
        String rev = revision;
        Path last = null;
        for (String f : files) {
            last = client.downloadFileToLocalDir(ref, f, rev, localDir, progress);
            if (rev.equals(revision) && !client.settings().offline()) {
                // every file from the first one's commit, as huggingface_hub's CLI ensures
                rev = LocalDirMetadata.read(LocalDirPaths.of(localDir, f, ref)).map(LocalDirMetadata::commit)
                        .orElse(revision);
            }
        }
        return files.size() == 1 ? last : localDir;
    }

    /** The snapshot folder of a cached file: {@code cached} less the segments of the repo path {@code file}. */
    private static Path snapshotOf(Path cached, String file) {
        Path snapshot = cached;
        for (int i = file.split("/").length; i > 0; i--) {
            snapshot = snapshot.getParent();
        }
        return snapshot;
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
