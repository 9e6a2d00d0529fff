package dev.hubkit.hub.server;

import dev.hubkit.hub.HubException;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.SafePaths;
import dev.hubkit.hub.cache.CachedFile;
import dev.hubkit.hub.cache.CachedRepo;
import dev.hubkit.hub.cache.CachedRevision;
import dev.hubkit.hub.cache.HubCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an existing hub cache as an offline mirror: its real commits (also by a unique abbreviation of at
 * least 7 hex digits), refs and cached files. A file's ids come from, in order: the blob its snapshot entry
 * links to (the blob's name is its etag: sha256 for a large file, git oid otherwise); the commit's tree
 * listing ({@code trees/<commit>.json}, huggingface_hub 2.0), for a real file in the snapshot (the layout
 * without symlinks); else its bytes, hashed as a large file when it has at least {@code lfsThreshold} bytes.
 * Only files whose bytes are in the cache are listed: a file the tree listing names but the cache lacks
 * (a partial download), or whose size differs from the listing's, is not served.
 */
public final class CacheRepoStore implements RepoStore {

    /** The large-file threshold used when none is given: huggingface.co's 10 MiB. */
    public static final long DEFAULT_LFS_THRESHOLD = 10L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(CacheRepoStore.class);
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private final HubCache cache;
    private final long lfsThreshold;
    private final SnapshotMemo memo = new SnapshotMemo();
    private final ContentIds ids = new ContentIds();
    /** Files already warned about (path and size): a served snapshot is listed again every few seconds. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** A mirror of {@code cache} with the default large-file threshold. */
    public CacheRepoStore(HubCache cache) {
        this(cache, DEFAULT_LFS_THRESHOLD);
    }

    /**
     * A mirror of {@code cache}.
     *
     * @param lfsThreshold size from which a real snapshot file that no blob link or tree listing describes is
     *                     served as a large file (sha256 etag, redirect)
     */
    public CacheRepoStore(HubCache cache, long lfsThreshold) {
        if (!Files.isDirectory(cache.root())) {
            throw new HubException("hub cache " + cache.root() + " is not a folder: point --cache at a"
                    + " cache that huggingface_hub or hubkit filled (e.g. ~/.cache/huggingface/hub)");
        }
        if (lfsThreshold < 0) {
            throw new HubException("large-file threshold must not be negative, got " + lfsThreshold);
        }
        this.cache = cache;
        this.lfsThreshold = lfsThreshold;
    }

    @Override
    public boolean exists(RepoRef repo) {
        return Files.isDirectory(cache.repoDir(repo).resolve("snapshots"));
    }

    @Override
    public Optional<RepoSnapshot> snapshot(RepoRef repo, String revision) {
        if (!exists(repo)) {
            return Optional.empty();
        }
        Optional<String> commit = resolve(repo, revision);
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(memo.get(repo + "@" + commit.get(), () -> build(repo, commit.get())));
    }

    @Override
    public Optional<RepoSnapshot> relist(RepoRef repo, String revision) {
        if (!exists(repo)) {
            return Optional.empty();
        }
        Optional<String> commit = resolve(repo, revision);
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(memo.refresh(repo + "@" + commit.get(), () -> build(repo, commit.get())));
    }

    /**
     * The commit a revision names: a ref or a full commit id as the cache resolves them, else an
     * abbreviation of exactly one commit in {@code snapshots/} (as huggingface.co accepts). A ref that is a
     * client's alias of an abbreviation ({@link CommitPrefix#isAlias}) is not followed: the abbreviation is
     * resolved against the snapshots, so an ambiguous one names no commit whatever the alias holds.
     */
    private Optional<String> resolve(RepoRef repo, String revision) {
        Optional<String> commit = cache.resolveRevision(repo, revision);
        if (!CommitPrefix.looksLikeOne(revision)
                || (commit.isPresent() && !CommitPrefix.isAlias(revision, commit.get()))) {
            return commit;
        }
        if (HubCache.isCommitHash(revision)) {
            return Optional.of(revision);
        }
        List<String> commits = new ArrayList<>();
        Path snapshots = cache.repoDir(repo).resolve("snapshots");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(snapshots)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (COMMIT.matcher(name).matches() && Files.isDirectory(p)) {
                    commits.add(name);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list the snapshots of {}: {}", repo, e.getMessage());
            return Optional.empty();
        }
        return CommitPrefix.unique(revision, commits);
    }

    /**
     * Whether the repo's cache folder has a ref file {@code refs/<name>} holding a commit, not a client's alias of
     * an abbreviated commit id ({@link CommitPrefix#isAlias}): what {@link #refs} lists.
     */
    @Override
    public boolean isRef(RepoRef repo, String name) {
        if (!SafePaths.isSafe(name) || !exists(repo)) {
            return false;
        }
        Path ref = cache.repoDir(repo).resolve("refs").resolve(name);
        if (!Files.isRegularFile(ref)) {
            return false;
        }
        Optional<String> commit = cache.resolveRevision(repo, name);
        return commit.isPresent() && COMMIT.matcher(commit.get()).matches() && !CommitPrefix.isAlias(name, commit.get());
    }

    /**
     * Every {@code refs/<name>} file of the repo's cache folder whose content is a commit; others are
     * skipped, and so are a client's aliases of abbreviated commit ids ({@link CommitPrefix#isAlias}).
     * Names keep their {@code /}, so a pull request is {@code refs/pr/N}. A cache keeps a tag the same way as
     * a branch ({@code refs/<name>}), so it cannot tell them apart.
     */
    @Override
    public SortedMap<String, String> refs(RepoRef repo) {
        SortedMap<String, String> refs = new TreeMap<>();
        if (!exists(repo)) {
            return refs;
        }
        cache.scanRepo(repo).refs().forEach((name, commit) -> {
            if (CommitPrefix.isAlias(name, commit)) {
                LOG.debug("skipping ref {} of {}: an abbreviation of its commit", name, repo);
            } else if (COMMIT.matcher(commit).matches()) {
                refs.put(name, commit);
            } else {
                LOG.debug("skipping ref {} of {}: not a commit", name, repo);
            }
        });
        return refs;
    }

    private RepoSnapshot build(RepoRef repo, String commit) {
        CachedRepo cr = cache.scanRepo(repo);
        for (CachedRevision rev : cr.revisions()) {
            if (rev.commit().equals(commit)) {
                Map<String, TreeListing.Entry> listing = TreeListing.read(cr.dir(), commit);
                SortedMap<String, ServedFile> files = new TreeMap<>();
                for (CachedFile f : rev.files()) {
                    if (f.size() >= 0) {
                        ServedFile served = describe(f, listing.get(f.path()));
                        if (served != null) {
                            files.put(f.path(), served);
                        }
                    }
                }
                return new RepoSnapshot(rev.commit(), files);
            }
        }
        return null;
    }

    /** The file as served, or null when its size contradicts the commit's tree listing or it is gone. */
    private ServedFile describe(CachedFile f, TreeListing.Entry listed) {
        String etag = f.blobEtag();
        Path bytes = etag != null ? f.blob() : f.file();
        try {
            // read before hashing: a file changed meanwhile then no longer matches its entry and is listed again
            BasicFileAttributes a = Files.readAttributes(bytes, BasicFileAttributes.class);
            long size = a.size();
            long modified = ServedFile.modifiedOf(a);
            if (listed != null && listed.size() != size) {
                String message = "not serving " + f.file() + ": it has " + size + " bytes where the tree listing of"
                        + " its commit says " + listed.size() + "; download it again";
                if (warned.add(f.file() + "|" + size)) {
                    LOG.warn(message);
                } else {
                    LOG.debug(message);
                }
                return null;
            }
            ContentIds.Ids id;
            if (etag != null) {
                id = SHA256.matcher(etag).matches() ? ContentIds.largeFile(etag, size) : new ContentIds.Ids(etag, null);
            } else if (listed != null) {
                id = new ContentIds.Ids(listed.blobId(), listed.sha256());
            } else {
                id = ids.of(bytes, size, modified, size >= lfsThreshold);
            }
            return new ServedFile(f.path(), bytes, size, id.oid(), id.sha256(), modified);
        } catch (java.nio.file.NoSuchFileException e) {
            LOG.debug("not serving {}: removed while listed", f.file());
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash " + f.file(), e);
        }
    }

    @Override
    public List<RepoRef> repos() {
        return cache.scan().stream().map(CachedRepo::repo).toList();
    }
}
