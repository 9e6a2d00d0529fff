package dev.hubkit.cli.commands;

import dev.hubkit.cli.ExitCodes;
import dev.hubkit.hub.ByteSizes;
import dev.hubkit.hub.HubCacheException;
import dev.hubkit.hub.HubSettings;
import dev.hubkit.hub.PlainReasons;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.RepoType;
import dev.hubkit.hub.cache.CacheInconsistencies;
import dev.hubkit.hub.cache.HubCache;
import dev.hubkit.hub.cache.PartialDownloads;
import dev.hubkit.hub.index.CacheIndex;
import dev.hubkit.hub.index.CacheMaintenance;
import dev.hubkit.hub.index.PruneReport;
import dev.hubkit.hub.index.RepoSummary;
import dev.hubkit.hub.index.VerifyProblem;
import dev.hubkit.hub.index.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code hubkit cache ls|verify|prune|rm}: inspect and clean the shared hub cache. */
public final class CacheCommand implements Callable<Integer> {

    private final CommandSpec spec = Specs.command(this, "cache",
                    "Inspect and clean the Hugging Face hub cache (shared with Python).")
            .addSubcommand("ls", new CommandLine(new Ls().spec, Specs.FACTORY))
            .addSubcommand("verify", new CommandLine(new Verify().spec, Specs.FACTORY))
            .addSubcommand("prune", new CommandLine(new Prune().spec, Specs.FACTORY))
            .addSubcommand("rm", new CommandLine(new Rm().spec, Specs.FACTORY));

    /** The model of a new {@code cache} command with its subcommands. */
    public static CommandSpec spec() {
        return new CacheCommand().spec;
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: ls, verify, prune or rm");
    }

    /**
     * The cache the command works on; an error when that folder does not exist (as huggingface_hub's
     * {@code scan_cache_dir} raises {@code CacheNotFound}), so that a mistyped {@code --cache-dir} or
     * {@code HF_HUB_CACHE} is not reported as an empty cache.
     */
    static HubCache cache(Path dir) {
        boolean given = dir != null;
        Path root = given ? dir : HubSettings.cacheDirFromEnvironment();
        if (!Files.isDirectory(root)) {
            throw new HubCacheException("no hub cache at " + root + (Files.exists(root) ? " (it is not a folder)" : "")
                    + ": check " + (given ? "--cache-dir" : "HF_HUB_CACHE / HF_HOME, or pass --cache-dir"));
        }
        return new HubCache(root);
    }

    /**
     * A repo of the cache as {@code ls} lists it: any id a cache folder holds ({@code a/b/c} is
     * {@code models--a--b--c}); it only ever names that one folder under the cache root.
     */
    static RepoRef repo(String text, String type) {
        return RepoRef.cached(RepoType.parse(type), text);
    }

    /** {@code cache ls}. */
    public static final class Ls implements Callable<Integer> {
        private final OptionSpec cacheDirArg = Specs.option("--cache-dir", Path.class, "<cacheDir>",
                "Hub cache folder (default: $HF_HUB_CACHE or $HF_HOME/hub).");
        private final OptionSpec showWarningsArg = Specs.flag("--show-warnings",
                "Print each folder skipped as inconsistent (default: only how many).");
        private final CommandSpec spec = Specs.command(this, "ls", "List cached repos, largest first.")
                .addOption(cacheDirArg).addOption(showWarningsArg);

        @Override
        public Integer call() {
            Path cacheDir = cacheDirArg.getValue();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            HubCache c = cache(cacheDir);
            // the folders huggingface_hub's scan_cache_dir skips: not repos; as hf cache ls, how many (each one
            // with --show-warnings)
            Set<String> skipped = new java.util.HashSet<>();
            List<CacheInconsistencies> inconsistencies;
            try {
                inconsistencies = CacheInconsistencies.scan(c.root());
            } catch (java.io.IOException e) {
                throw new HubCacheException(scanFailure(c.root(), e), e);
            } catch (java.io.UncheckedIOException e) {
                throw new HubCacheException(scanFailure(c.root(), e.getCause()), e);
            }
            inconsistencies.forEach(w -> skipped.add(w.folder()));
            try (CacheIndex idx = CacheIndex.open(c)) {
                List<RepoSummary> all = idx.list();
                List<RepoSummary> repos = all.stream()
                        .filter(r -> !skipped.contains(r.repo().cacheFolderName())).toList();
                Set<RepoRef> leftOut = all.stream().map(RepoSummary::repo)
                        .filter(r -> skipped.contains(r.cacheFolderName())).collect(Collectors.toSet());
                out.printf("%-8s %-40s %10s %6s %-24s %s%n", "TYPE", "REPO", "SIZE", "FILES", "LAST ACCESS", "REVISIONS");
                for (RepoSummary r : repos) {
                    out.printf("%-8s %-40s %10s %6d %-24s %s%n", r.repo().type(), r.repo().id(),
                            ByteSizes.formatDecimal(r.sizeOnDisk()), r.files(), r.lastAccess(),
                            String.join(", ", r.revisions()));
                }
                // as hf cache ls: what the cache takes on disk, a payload of hf's shared store counted once
                // however many repos link to it (their own lines each show it)
                long total = idx.listedSize(leftOut);
                out.printf("total %s in %d repos%n", ByteSizes.formatDecimal(total), repos.size());
            }
            out.flush();
            warn(err, inconsistencies, Specs.isSet(showWarningsArg));
            List<PartialDownloads.Partial> partials = PartialDownloads.scan(c.root()).stream()
                    .filter(p -> p.repo() != null && p.isIncomplete()).toList();
            if (!partials.isEmpty()) {
                err.println("Hint: Found " + partials.size() + " incomplete download(s) totalling "
                        + ByteSizes.formatDecimal(partials.stream().mapToLong(PartialDownloads.Partial::size).sum())
                        + ". Remove them with 'hubkit cache prune'.");
            }
            err.flush();
            return ExitCodes.OK;
        }
    }

    /**
     * Why scanning the cache folder failed, on one line naming the folder once: the file that failed, when it is not
     * the folder itself, relative to it, then the reason in plain words (never the path again, as a file-system
     * exception's message is), then what to do.
     */
    static String scanFailure(Path root, java.io.IOException e) {
        String where = "";
        if (e instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
            Path file = Path.of(f.getFile());
            if (!file.equals(root)) {
                where = (file.startsWith(root) ? root.relativize(file) : file) + ": ";
            }
        }
        return "cannot scan cache folder " + root + ": " + where + PlainReasons.of(e)
                + "; check that the folder and its files can be read";
    }

    /** The inconsistencies as {@code hf cache ls} prints them: each with {@code show}, else how many. */
    private static void warn(PrintWriter err, List<CacheInconsistencies> found, boolean show) {
        if (found.isEmpty()) {
            return;
        }
        if (show) {
            found.forEach(w -> err.println("Warning: " + w.message().replaceAll("\\.+$", "") + ". Repo ignored."));
        } else {
            err.println("Warning: Found " + found.size() + " cache inconsistencies. Re-run with `--show-warnings` to"
                    + " display them.");
        }
    }

    /** {@code cache verify}. */
    public static final class Verify implements Callable<Integer> {
        private final OptionSpec cacheDirArg = Specs.option("--cache-dir", Path.class, "<cacheDir>",
                "Hub cache folder.");
        private final OptionSpec deleteArg = Specs.flag("--delete", "Delete corrupt blobs and their snapshot links.");
        private final CommandSpec spec = Specs.command(this, "verify",
                        "Re-hash every blob against its name; report (and with --delete remove) bad ones.")
                .addOption(cacheDirArg).addOption(deleteArg);

        @Override
        public Integer call() {
            Path cacheDir = cacheDirArg.getValue();
            boolean delete = Specs.isSet(deleteArg);
            PrintWriter out = spec.commandLine().getOut();
            HubCache c = cache(cacheDir);
            try (CacheIndex idx = CacheIndex.open(c)) {
                VerifyReport report = new CacheMaintenance(c, idx).verifyAll(delete);
                List<VerifyProblem> problems = report.problems();
                for (VerifyProblem p : problems) {
                    // a file that could not be read is not known to be bad: kept whatever the options
                    out.println((p.deleted() ? "deleted " : p.unreadable() ? "UNREADABLE " : "BAD ") + p.repo() + " "
                            + p.blob() + ": " + p.problem());
                }
                for (Path f : report.unverifiable()) {
                    out.println("cannot verify " + f + ": a real file in the snapshot, with no blob (etag) nor commit"
                            + " listing (trees/) to check it against");
                }
                String unchecked = report.unverifiable().isEmpty() ? ""
                        : "; " + report.unverifiable().size() + " file(s) could not be verified";
                out.println((problems.isEmpty() ? "all blobs verified" : problems.size() + " problem(s)") + unchecked);
                out.flush();
                // with --delete, what it fixed is no failure: the exit status says whether anything bad or unknown
                // is left, as one stderr line (the report is on stdout)
                String left = leftToDo(problems, delete);
                if (left != null) {
                    throw new HubCacheException(left);
                }
                return ExitCodes.OK;
            }
        }

        /** What the problems leave to do, as one message; null when nothing (none, or {@code --delete} fixed all). */
        private static String leftToDo(List<VerifyProblem> problems, boolean delete) {
            long unreadable = problems.stream().filter(VerifyProblem::unreadable).count();
            long bad = problems.stream().filter(p -> !p.unreadable() && !p.deleted()).count();
            String again = delete ? "'hubkit cache verify --delete' again" : "'hubkit cache verify' again";
            List<String> parts = new java.util.ArrayList<>();
            if (unreadable > 0) {
                parts.add(unreadable + " file(s) could not be read" + (delete ? " and were kept" : "")
                        + " (listed above as UNREADABLE): check their permissions and run " + again);
            }
            if (bad > 0) {
                parts.add(delete ? bad + " bad file(s) could not be deleted (listed above as BAD): delete them by hand"
                        + " or run " + again
                        : bad + " bad file(s) found (listed above as BAD): run 'hubkit cache verify --delete' to"
                        + " delete them, then download them again");
            }
            return parts.isEmpty() ? null : String.join("; ", parts);
        }
    }

    /** {@code cache prune}. */
    public static final class Prune implements Callable<Integer> {
        private final OptionSpec cacheDirArg = Specs.option("--cache-dir", Path.class, "<cacheDir>",
                "Hub cache folder.");
        private final OptionSpec maxSizeArg = OptionSpec.builder("--max-size").type(String.class)
                .paramLabel("<maxSize>").required(false)
                .description("Size limit, e.g. 20G or 500M: also delete least recently used blobs until the cache"
                        + " fits it (without it, no complete blob is deleted).").build();
        private final OptionSpec keepArg = Specs.repeatable("--keep", "<keep>",
                "Never delete files of this repo's snapshots (repeatable).");
        private final OptionSpec repoTypeArg = Specs.option("--repo-type", String.class, "<repoType>", "model",
                "Type of the --keep repos (default: model).");
        private final CommandSpec spec = Specs.command(this, "prune",
                        "Delete partial downloads left by stopped downloads and shared-store files no repo links"
                                + " to; with --max-size, then least recently used blobs until the cache fits it.")
                .addOption(cacheDirArg).addOption(maxSizeArg).addOption(keepArg).addOption(repoTypeArg);

        @Override
        public Integer call() {
            Path cacheDir = cacheDirArg.getValue();
            String maxSize = maxSizeArg.getValue();
            List<String> keep = Specs.values(keepArg);
            String repoType = repoTypeArg.getValue();
            PrintWriter out = spec.commandLine().getOut();
            HubCache c = cache(cacheDir);
            Set<RepoRef> keepSet = keep.stream().map(k -> repo(k, repoType)).collect(Collectors.toSet());
            for (RepoRef k : keepSet) {
                // a --keep that protects nothing (a typo, or a dataset without --repo-type) must not let
                // prune delete what the user meant to keep
                if (!Files.isDirectory(c.repoDir(k))) {
                    throw new HubCacheException("--keep " + k.id() + ": no " + k.type() + " repo " + k.id() + " in "
                            + c.root() + "; check the id (and --repo-type for a dataset or space); nothing was deleted");
                }
            }
            try (CacheIndex idx = CacheIndex.open(c)) {
                // without --max-size: no limit, so only what no download or repo uses goes (as hf cache prune)
                long limit = maxSize == null ? Long.MAX_VALUE : ByteSizes.parse(maxSize);
                PruneReport r = new CacheMaintenance(c, idx).prune(limit, keepSet);
                r.partials().forEach(p -> out.println("deleted partial download " + p));
                r.deleted().forEach(d -> out.println("deleted " + d));
                // sizes as 'cache ls' and huggingface_hub's _format_size print them (powers of 1000)
                out.println("freed " + ByteSizes.formatDecimal(r.freedBytes()) + ", cache is now "
                        + ByteSizes.formatDecimal(r.sizeAfter()));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code cache rm}. */
    public static final class Rm implements Callable<Integer> {
        private final OptionSpec cacheDirArg = Specs.option("--cache-dir", Path.class, "<cacheDir>",
                "Hub cache folder.");
        private final OptionSpec repoTypeArg = Specs.option("--repo-type", String.class, "<repoType>", "model",
                "model, dataset or space (default: model).");
        private final PositionalParamSpec targetArg = Specs.positional("0", String.class, "REPO[@REV]",
                "Repo id, optionally @revision.");
        private final CommandSpec spec = Specs.command(this, "rm", "Remove a repo, or one revision (REPO@REV).")
                .addOption(cacheDirArg).addOption(repoTypeArg).addPositional(targetArg);

        @Override
        public Integer call() {
            Path cacheDir = cacheDirArg.getValue();
            String repoType = repoTypeArg.getValue();
            String target = targetArg.getValue();
            int at = target.lastIndexOf('@');
            String id = at > 0 ? target.substring(0, at) : target;
            String rev = at > 0 ? target.substring(at + 1) : null;
            HubCache c = cache(cacheDir);
            try (CacheIndex idx = CacheIndex.open(c)) {
                long freed = new CacheMaintenance(c, idx).remove(repo(id, repoType), rev);
                spec.commandLine().getOut().println("removed " + target + ", freed " + ByteSizes.formatDecimal(freed));
            }
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
