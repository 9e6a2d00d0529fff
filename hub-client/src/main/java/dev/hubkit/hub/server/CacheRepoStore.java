package dev.hubkit.hub.server;

import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.cache.CachedFile;
import dev.hubkit.hub.cache.CachedRepo;
import dev.hubkit.hub.cache.CachedRevision;
import dev.hubkit.hub.cache.HubCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an existing hub cache as an offline mirror: its real commits (also by a unique
 * abbreviation of at least 7 hex digits), refs and blobs. Blob names are the etags (sha256 for large
 * files, git oid otherwise).
 */
public final class CacheRepoStore implements RepoStore {

    private static final Logger LOG = LoggerFactory.getLogger(CacheRepoStore.class);
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private final HubCache cache;
    private final SnapshotMemo memo = new SnapshotMemo();

    public CacheRepoStore(HubCache cache) {
        if (!java.nio.file.Files.isDirectory(cache.root())) {
            throw new dev.hubkit.hub.HubException("hub cache " + cache.root() + " is not a folder: point --cache at a"
                    + " cache that huggingface_hub or hubkit filled (e.g. ~/.cache/huggingface/hub)");
        }
        this.cache = cache;
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
     * abbreviation of exactly one commit in {@code snapshots/} (as huggingface.co accepts).
     */
    private Optional<String> resolve(RepoRef repo, String revision) {
        Optional<String> commit = cache.resolveRevision(repo, revision);
        if (commit.isPresent() || !CommitPrefix.looksLikeOne(revision)) {
            return commit;
        }
        List<String> commits = new java.util.ArrayList<>();
        Path snapshots = cache.repoDir(repo).resolve("snapshots");
        try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(snapshots)) {
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
     * Every {@code refs/<name>} file of the repo's cache folder whose content is a commit; others are
     * skipped, and so are refs named by an abbreviation of their own commit (what a client records for a
     * revision given as a short commit id). Names keep their {@code /}, so a pull request is
     * {@code refs/pr/N}. A cache keeps a tag the same way as a branch ({@code refs/<name>}), so it cannot
     * tell them apart.
     */
    @Override
    public SortedMap<String, String> refs(RepoRef repo) {
        SortedMap<String, String> refs = new TreeMap<>();
        if (!exists(repo)) {
            return refs;
        }
        cache.scanRepo(repo).refs().forEach((name, commit) -> {
            if (CommitPrefix.looksLikeOne(name) && commit.startsWith(name)) {
                // a revision given as an abbreviated commit id, which clients record as a ref: not a branch
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
                SortedMap<String, ServedFile> files = new TreeMap<>();
                for (CachedFile f : rev.files()) {
                    if (f.size() >= 0) {
                        files.put(f.path(), describe(f));
                    }
                }
                return new RepoSnapshot(rev.commit(), files);
            }
        }
        return null;
    }

    private static ServedFile describe(CachedFile f) {
        try {
            String etag = f.blobEtag();
            Path bytes = etag != null ? f.blob() : f.file();
            // read before hashing: a file changed meanwhile then no longer matches its entry and is listed again
            BasicFileAttributes a = Files.readAttributes(bytes, BasicFileAttributes.class);
            long size = a.size();
            long modified = ServedFile.modifiedOf(a);
            if (etag != null && etag.length() == 64) {
                ServedFile tmp = new ServedFile(f.path(), bytes, size, null, etag, modified);
                return new ServedFile(f.path(), bytes, size,
                        Hashing.gitBlobSha1(tmp.lfsPointer().getBytes(StandardCharsets.UTF_8)), etag, modified);
            }
            if (etag != null) {
                return new ServedFile(f.path(), bytes, size, etag, null, modified);
            }
            return new ServedFile(f.path(), bytes, size, Hashing.gitBlobSha1(bytes, size), null, modified);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash " + f.file(), e);
        }
    }

    @Override
    public List<RepoRef> repos() {
        return cache.scan().stream().map(CachedRepo::repo).toList();
    }
}
