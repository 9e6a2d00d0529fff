package dev.hubkit.cli.commands;

import dev.hubkit.cli.ExitCodes;
import dev.hubkit.hub.ByteSizes;
import dev.hubkit.hub.HubSettings;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.RepoType;
import dev.hubkit.hub.cache.HubCache;
import dev.hubkit.hub.index.CacheIndex;
import dev.hubkit.hub.index.CacheMaintenance;
import dev.hubkit.hub.index.PruneReport;
import dev.hubkit.hub.index.RepoSummary;
import dev.hubkit.hub.index.VerifyProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hubkit cache ls|verify|prune|rm}: inspect and clean the shared hub cache. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "Inspect and clean the Hugging Face hub cache (shared with Python).",
        subcommands = {CacheCommand.Ls.class, CacheCommand.Verify.class, CacheCommand.Prune.class,
                CacheCommand.Rm.class})
public final class CacheCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: ls, verify, prune or rm");
    }

    static HubCache cache(Path dir) {
        return new HubCache(dir != null ? dir : HubSettings.fromEnvironment().cacheDir());
    }

    static RepoRef repo(String text, String type) {
        return new RepoRef(RepoType.parse(type), text);
    }

    /** {@code cache ls}. */
    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List cached repos, largest first.")
    public static final class Ls implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--cache-dir", description = "Hub cache folder (default: $HF_HUB_CACHE or $HF_HOME/hub).")
        Path cacheDir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (CacheIndex idx = CacheIndex.open(cache(cacheDir))) {
                List<RepoSummary> repos = idx.list();
                out.printf("%-8s %-40s %10s %6s %-24s %s%n", "TYPE", "REPO", "SIZE", "FILES", "LAST ACCESS", "REVISIONS");
                for (RepoSummary r : repos) {
                    out.printf("%-8s %-40s %10s %6d %-24s %s%n", r.repo().type(), r.repo().id(),
                            ByteSizes.format(r.sizeOnDisk()), r.files(), r.lastAccess(), String.join(", ", r.revisions()));
                }
                out.printf("total %s in %d repos%n", ByteSizes.format(idx.totalSize()), repos.size());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code cache verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Re-hash every blob against its name; report (and with --delete remove) bad ones.")
    public static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--cache-dir", description = "Hub cache folder.")
        Path cacheDir;
        @Option(names = "--delete", description = "Delete corrupt blobs and their snapshot links.")
        boolean delete;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            HubCache c = cache(cacheDir);
            try (CacheIndex idx = CacheIndex.open(c)) {
                List<VerifyProblem> problems = new CacheMaintenance(c, idx).verify(delete);
                for (VerifyProblem p : problems) {
                    out.println((p.deleted() ? "deleted " : "BAD ") + p.repo() + " " + p.blob() + ": " + p.problem());
                }
                out.println(problems.isEmpty() ? "all blobs verified" : problems.size() + " problem(s)");
                out.flush();
                return problems.isEmpty() || delete ? ExitCodes.OK : ExitCodes.USER_ERROR;
            }
        }
    }

    /** {@code cache prune}. */
    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Delete least recently used blobs until the cache fits --max-size.")
    public static final class Prune implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--cache-dir", description = "Hub cache folder.")
        Path cacheDir;
        @Option(names = "--max-size", required = true, description = "Size limit, e.g. 20G or 500M.")
        String maxSize;
        @Option(names = "--keep", description = "Never delete files of this repo's snapshots (repeatable).")
        List<String> keep = new ArrayList<>();
        @Option(names = "--repo-type", description = "Type of the --keep repos (default: model).")
        String repoType = "model";

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            HubCache c = cache(cacheDir);
            Set<RepoRef> keepSet = keep.stream().map(k -> repo(k, repoType)).collect(Collectors.toSet());
            try (CacheIndex idx = CacheIndex.open(c)) {
                PruneReport r = new CacheMaintenance(c, idx).prune(ByteSizes.parse(maxSize), keepSet);
                r.deleted().forEach(d -> out.println("deleted " + d));
                out.println("freed " + ByteSizes.format(r.freedBytes()) + ", cache is now "
                        + ByteSizes.format(r.sizeAfter()));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code cache rm}. */
    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a repo, or one revision (REPO@REV).")
    public static final class Rm implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--cache-dir", description = "Hub cache folder.")
        Path cacheDir;
        @Option(names = "--repo-type", description = "model, dataset or space (default: model).")
        String repoType = "model";
        @Parameters(index = "0", paramLabel = "REPO[@REV]", description = "Repo id, optionally @revision.")
        String target;

        @Override
        public Integer call() {
            int at = target.lastIndexOf('@');
            String id = at > 0 ? target.substring(0, at) : target;
            String rev = at > 0 ? target.substring(at + 1) : null;
            HubCache c = cache(cacheDir);
            try (CacheIndex idx = CacheIndex.open(c)) {
                long freed = new CacheMaintenance(c, idx).remove(repo(id, repoType), rev);
                spec.commandLine().getOut().println("removed " + target + ", freed " + ByteSizes.format(freed));
            }
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
