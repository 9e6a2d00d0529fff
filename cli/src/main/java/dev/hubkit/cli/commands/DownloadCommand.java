package dev.hubkit.cli.commands;

import dev.hubkit.cli.ExitCodes;
import dev.hubkit.cli.io.DownloadProgress;
import dev.hubkit.cli.io.TerminalProgress;
import dev.hubkit.hub.DownloadListener;
import dev.hubkit.hub.FileSelection;
import dev.hubkit.hub.HfUri;
import dev.hubkit.hub.HubClient;
import dev.hubkit.hub.HubException;
import dev.hubkit.hub.HubSettings;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.RepoType;
import dev.hubkit.hub.SnapshotOptions;
import dev.hubkit.hub.cache.HubCache;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
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
        RepoType type = RepoType.parse(repoTypeArg.getValue());
        List<String> include = Specs.values(includeArg);
        List<String> exclude = Specs.values(excludeArg);
        Path cacheDir = cacheDirArg.getValue();
        Path localDir = localDirArg.getValue();
        String endpoint = endpointArg.getValue();
        String token = tokenArg.getValue();
        boolean offline = Specs.isSet(offlineArg);
        int workers = workersArg.getValue();
        if (localDir != null && cacheDir != null) {
            // as hf download: the first check, before the repo or anything else is looked at
            throw new HubException("Cannot use both `--local-dir` and `--cache-dir` at the same time. Use `--cache-dir` "
                    + "(or set the HF_HOME environment variable) for shared caching, or `--local-dir` for a one-off "
                    + "download to a specific directory.");
        }
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
        if (localDir != null) {
            // as huggingface_hub: Path(local_dir).expanduser().resolve(), so the printed path is the real one
            localDir = HubCache.resolveAsPython(localDir);
        }
        Target target = target(repo, type, revision, files);
        RepoRef ref = target.repo();
        if (ref.type() == RepoType.KERNEL) {
            // listed and removed by 'cache ls|rm' as hf does, but not fetched (as for hf://kernels/ URIs)
            throw new HubException("'" + repo + "': kernels are not supported by hubkit download");
        }
        revision = target.revision();
        files = target.files();
        FileSelection sel = FileSelection.of(files, include, exclude);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        DownloadProgress bar = System.console() != null ? new DownloadProgress(err) : null;
        HubSettings settings = s;
        String rev = revision;
        Path into = localDir;
        Path result = TerminalProgress.around(bar,
                () -> download(settings, ref, rev, sel, into, workers, bar != null ? bar : DownloadListener.NONE));
        // hf's warnings about ignored options, only now: a download that fails ends with its one error line
        sel.warnings().forEach(err::println);
        err.flush();
        String printed = result.toAbsolutePath().normalize().toString();
        out.println(sel.singleFile() != null && localDir == null ? asHfPrints(printed, sel.singleFile()) : printed);
        out.flush();
        return ExitCodes.OK;
    }

    /** Downloads what {@code sel} selects; returns the path to print (the file's for one file, else the folder). */
    private static Path download(HubSettings s, RepoRef ref, String revision, FileSelection sel, Path localDir,
                                 int workers, DownloadListener progress) {
        Path result;
        try (HubClient client = new HubClient(s)) {
            SnapshotOptions options = new SnapshotOptions(sel.allow(), sel.ignore(), workers, progress);
            if (sel.singleFile() != null) {
                result = localDir != null
                        ? client.downloadFileToLocalDir(ref, sel.singleFile(), revision, localDir, progress)
                        : client.downloadFile(ref, sel.singleFile(), revision, progress);
            } else if (localDir != null) {
                result = client.downloadSnapshotToLocalDir(ref, revision, options, localDir);
            } else {
                result = client.downloadSnapshot(ref, revision, options);
            }
        }
        return result;
    }

    /**
     * The cached file's path as {@code hf download} prints it: the snapshot folder joined with FILE as given, less
     * empty segments ({@code os.path.join(*file.split("/"))}), so {@code ./a.txt} prints {@code <snapshot>/./a.txt}.
     */
    static String asHfPrints(String printed, String file) {
        StringBuilder joined = new StringBuilder();
        StringBuilder normal = new StringBuilder();
        for (String seg : file.split("/")) {
            if (!seg.isEmpty()) {
                joined.append(joined.length() == 0 ? "" : "/").append(seg);
                if (!seg.equals(".")) {
                    normal.append(normal.length() == 0 ? "" : "/").append(seg);
                }
            }
        }
        String tail = java.io.File.separator + normal.toString().replace("/", java.io.File.separator);
        if (joined.length() == normal.length() || !printed.endsWith(tail)) {
            return printed;
        }
        return printed.substring(0, printed.length() - tail.length()) + java.io.File.separator
                + joined.toString().replace("/", java.io.File.separator);
    }

    /** What to download: the repo, revision and FILES, after an {@code hf://} URI has said its part. */
    private record Target(RepoRef repo, String revision, List<String> files) {
    }

    /**
     * The repo as {@code hf download} reads REPO: an {@code hf://} URI gives type, revision and (optionally) a
     * path, which then is the one FILE; otherwise a plain id, maybe with a type prefix.
     */
    private Target target(String repo, RepoType type, String revision, List<String> files) {
        boolean typeGiven = given(repoTypeArg);
        if (!repo.startsWith(HfUri.PROTOCOL)) {
            return new Target(withTypePrefix(repo, type, typeGiven), revision, files);
        }
        if (typeGiven) {
            throw new HubException("'--repo-type' cannot be used with an 'hf://' URI ('" + repo + "').");
        }
        if (given(revisionArg)) {
            throw new HubException("'--revision' cannot be used with an 'hf://' URI ('" + repo + "').");
        }
        HfUri uri = HfUri.parse(repo);
        String rev = uri.revision() != null ? uri.revision() : HubClient.MAIN;
        String path = uri.pathInRepo();
        if (path.isEmpty()) {
            return new Target(uri.repo(), rev, files);
        }
        // the parser drops a trailing '/', which says "a folder" to hf download
        String file = repo.endsWith("/") ? path + "/" : path;
        if (!files.isEmpty()) {
            throw new HubException("Cannot combine a file path in the hf:// URI ('" + file
                    + "') with positional filenames " + pyList(files) + ".");
        }
        return new Target(uri.repo(), rev, List.of(file));
    }

    /**
     * A repo id with a type prefix ({@code datasets/org/name}) means that type, as {@code hf} rewrites it;
     * together with an explicit {@code --repo-type} it is a usage error, as there.
     */
    private RepoRef withTypePrefix(String repo, RepoType type, boolean typeGiven) {
        String[] parts = repo.split("/", 3);
        RepoType prefixed = parts.length == 3 ? RepoType.fromPlural(parts[0]) : null;
        if (prefixed == null) {
            return new RepoRef(type, repo);
        }
        if (typeGiven) {
            throw new ParameterException(spec.commandLine(), "Ambiguous repo type: got prefix '" + parts[0]
                    + "/' in repo ID and explicit --type. Use one or the other.");
        }
        return new RepoRef(prefixed, parts[1] + "/" + parts[2]);
    }

    private boolean given(OptionSpec option) {
        return spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private static String pyList(List<String> items) {
        return items.stream().map(f -> "'" + f + "'").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
}
