package dev.hubkit.hub.server;

import dev.hubkit.hub.RepoRef;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/** Where served repos come from: a folder of plain repo folders, or an existing hub cache. */
public sealed interface RepoStore permits DirectoryRepoStore, CacheRepoStore {

    /** Whether the repo exists at all. */
    boolean exists(RepoRef repo);

    /** The snapshot {@code revision} (branch, tag or commit) names, or empty when it names none. */
    Optional<RepoSnapshot> snapshot(RepoRef repo, String revision);

    /**
     * Like {@link #snapshot}, but lists the repo again now instead of reusing an earlier listing: for a
     * file found changed on disk since it was listed.
     */
    Optional<RepoSnapshot> relist(RepoRef repo, String revision);

    /**
     * The repo's refs, sorted by name: a branch name, or {@code refs/pr/N} for a pull request, to its
     * 40-hex commit. Empty when the repo does not exist.
     */
    SortedMap<String, String> refs(RepoRef repo);

    /**
     * Whether {@code name} is one of the repo's refs (a branch, tag, {@code refs/pr/N}, {@code refs/convert/...}),
     * as {@link #refs} lists them: a commit id or its abbreviation is not a ref.
     */
    boolean isRef(RepoRef repo, String name);

    /** Every repo served. */
    List<RepoRef> repos();
}
