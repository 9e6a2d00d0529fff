package dev.hubkit.hub.index;

import dev.hubkit.hub.HubCacheException;
import dev.hubkit.hub.HubException;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.TreeCache;
import dev.hubkit.hub.cache.BlobLock;
import dev.hubkit.hub.cache.CachedFile;
import dev.hubkit.hub.cache.CachedRepo;
import dev.hubkit.hub.cache.CachedRevision;
import dev.hubkit.hub.cache.HubCache;
import dev.hubkit.hub.cache.PartialDownloads;
import dev.hubkit.hub.cache.SharedBlobStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hubkit cache verify|prune|rm}: works on the files (under the blob locks), then refreshes
 * the {@link CacheIndex}.
 */
public final class CacheMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(CacheMaintenance.class);

    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final HubCache cache;
    private final CacheIndex index;
    /** huggingface_hub 2.0's store of Xet files that repo blobs may link to, swept when their last link goes. */
    private final SharedBlobStore shared;

    public CacheMaintenance(HubCache cache, CacheIndex index) {
        this.cache = cache;
        this.index = index;
        this.shared = new SharedBlobStore(cache.root());
    }

    /**
     * Re-hashes every blob whose name is a sha256 (content hash) or a git blob id, and reports
     * mismatches and dangling snapshot links; with {@code delete}, removes bad blobs and their links.
     */
    public List<VerifyProblem> verify(boolean delete) {
        return verifyAll(delete).problems();
    }

    /**
     * What {@link #verify} finds, plus the real files in snapshots: checked against their commit's listing
     * ({@code trees/<commit>.json}) when there is one (bad ones deleted with {@code delete}); the others have
     * nothing to check them against, so cannot be verified; they are not bad, and never deleted.
     */
    public VerifyReport verifyAll(boolean delete) {
        return exclusively(() -> verifyNow(delete));
    }

    private VerifyReport verifyNow(boolean delete) {
        List<VerifyProblem> problems = new ArrayList<>();
        List<Path> unverifiable = new ArrayList<>();
        for (CachedRepo r : cache.scan()) {
            for (CachedRevision rev : r.revisions()) {
                checkCopies(r, rev, delete, problems, unverifiable);
            }
            for (Map.Entry<String, Long> b : r.blobs().entrySet()) {
                String etag = b.getKey();
                Path blob = r.dir().resolve("blobs").resolve(etag);
                String problem;
                try {
                    problem = check(blob, etag, b.getValue(), r.repo());
                } catch (IOException e) {
                    // a blob that cannot be read is not known to be bad: reported, never deleted
                    problems.add(VerifyProblem.unreadable(r.repo(), blob, unreadable(e)));
                    continue;
                }
                if (problem != null) {
                    boolean deleted = delete && deleteBlob(r, etag);
                    problems.add(new VerifyProblem(r.repo(), blob, problem, deleted));
                }
            }
            reportUnreadableBlobs(r, problems);
            for (CachedRevision rev : r.revisions()) {
                for (CachedFile f : rev.files()) {
                    if (f.size() == CachedFile.UNREADABLE) {
                        problems.add(VerifyProblem.unreadable(r.repo(), f.file(), "snapshot link " + rev.commit()
                                + "/" + f.path() + " points to a blob that cannot be read (" + f.blob() + "); kept:"
                                + " check its permissions"));
                    } else if (f.dangles()) {
                        boolean deleted = false;
                        if (delete) {
                            try {
                                deleted = Files.deleteIfExists(f.file());
                            } catch (IOException e) {
                                deleted = false;
                            }
                        }
                        problems.add(new VerifyProblem(r.repo(), f.file(), "snapshot link " + rev.commit() + "/"
                                + f.path() + " points to a missing blob", deleted));
                    }
                }
            }
        }
        index.refresh();
        return new VerifyReport(List.copyOf(problems), List.copyOf(unverifiable));
    }

    /**
     * Reports the blobs linking into the shared store that could not be read and that no snapshot entry names (those
     * are reported with the entry): not known to be bad, so kept, but not verified either.
     */
    private static void reportUnreadableBlobs(CachedRepo r, List<VerifyProblem> problems) {
        Set<String> named = new HashSet<>();
        r.revisions().forEach(rev -> rev.files().forEach(f -> {
            if (f.size() == CachedFile.UNREADABLE && f.blobEtag() != null) {
                named.add(f.blobEtag());
            }
        }));
        for (String etag : r.unreadableBlobs()) {
            if (!named.contains(etag)) {
                problems.add(VerifyProblem.unreadable(r.repo(), r.dir().resolve("blobs").resolve(etag), "a link into"
                        + " the shared store whose file cannot be read; kept: check the permissions of the cache's"
                        + " blobs/ folders and run 'hubkit cache verify' again"));
            }
        }
    }

    /**
     * Checks the real files of a snapshot against its {@link TreeCache} listing (sha256 for large files, git blob
     * id otherwise), as {@code hf cache verify} does; files no listing describes cannot be verified.
     */
    private void checkCopies(CachedRepo r, CachedRevision rev, boolean delete, List<VerifyProblem> problems,
                             List<Path> unverifiable) {
        List<CachedFile> copies = rev.files().stream().filter(CachedFile::isCopy).toList();
        if (copies.isEmpty()) {
            return;
        }
        Map<String, TreeCache.Entry> listing = TreeCache.readEntries(r.dir(), rev.commit()).orElse(Map.of());
        for (CachedFile f : copies) {
            TreeCache.Entry e = listing.get(f.path());
            String problem;
            try {
                problem = e == null ? null : checkCopy(f.file(), e);
            } catch (IOException ex) {
                // a file that cannot be read is not known to be bad: reported, never deleted
                problems.add(VerifyProblem.unreadable(r.repo(), f.file(), unreadable(ex)));
                continue;
            }
            if (e == null || (problem == null && e.lfsSha256() == null && e.blobId() == null)) {
                unverifiable.add(f.file());
            } else if (problem != null) {
                boolean deleted = false;
                if (delete) {
                    try {
                        deleted = Files.deleteIfExists(f.file());
                    } catch (IOException ex) {
                        deleted = false;
                    }
                }
                problems.add(new VerifyProblem(r.repo(), f.file(), problem, deleted));
            }
        }
    }

    /** The problem of a file {@code verify} could not read: reported, and kept (a read failure proves nothing bad). */
    private static String unreadable(IOException e) {
        String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage();
        return "unreadable (" + why + "); kept: check its permissions and run 'hubkit cache verify' again";
    }

    /** @throws IOException when the file cannot be read (then it is not known to be bad) */
    private static String checkCopy(Path file, TreeCache.Entry e) throws IOException {
        if (e.lfsSha256() != null) {
            String got = hash(file, "SHA-256", null);
            return got.equalsIgnoreCase(e.lfsSha256()) ? null
                    : "sha256 is " + got + " but the commit's listing (trees/) says " + e.lfsSha256();
        }
        if (e.blobId() != null) {
            long size = Files.size(file);
            String got = hash(file, "SHA-1", ("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
            return got.equalsIgnoreCase(e.blobId()) ? null
                    : "git blob id is " + got + " but the commit's listing (trees/) says " + e.blobId();
        }
        return null;
    }

    /** @throws IOException when the blob cannot be read (then it is not known to be bad) */
    private String check(Path blob, String etag, long size, RepoRef repo) throws IOException {
        if (etag.length() == 64 && etag.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            String got = hash(blob, "SHA-256", null);
            if (!got.equals(etag)) {
                return "sha256 is " + got + " but the blob is named " + etag;
            }
            index.recordHash(repo, etag, got);
        } else if (etag.length() == 40 && etag.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            String got = hash(blob, "SHA-1", ("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
            if (!got.equals(etag)) {
                return "git blob id is " + got + " but the blob is named " + etag;
            }
        }
        return null;
    }

    private static String hash(Path file, String alg, byte[] prefix) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (prefix != null) {
            md.update(prefix);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            while (ch.read(buf) >= 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Deletes the partial downloads that no download is writing (their blob lock is free: left by a download
     * that was stopped, as {@code hf cache prune} deletes {@code incomplete_files}) and the payloads of
     * huggingface_hub's shared store that no repo links to, then least-recently-used blobs until the cache is at
     * most {@code maxBytes} ({@link Long#MAX_VALUE}: no limit), never one a snapshot of a {@code keep} repo links
     * to; removes the snapshot links of deleted blobs.
     */
    public PruneReport prune(long maxBytes, Set<RepoRef> keep) {
        if (maxBytes < 0) {
            throw new HubException("--max-size must be >= 0");
        }
        return exclusively(() -> pruneNow(maxBytes, keep));
    }

    private PruneReport pruneNow(long maxBytes, Set<RepoRef> keep) {
        List<Path> partials = new ArrayList<>();
        long freedFirst = removeStoppedDownloads(partials);
        List<String> deleted = new ArrayList<>();
        // payloads of huggingface_hub's shared store that no repo links to any more (a repo folder deleted by
        // hand, or by a client that does not know the store), as hf cache prune deletes them
        for (Path payload : shared.payloads()) {
            long size = shared.sweep(payload);
            if (size > 0) {
                freedFirst += size;
                deleted.add("shared blob " + payload);
            }
        }
        index.refresh();
        Set<String> protectedBlobs = new HashSet<>();
        Map<RepoRef, CachedRepo> scanned = new java.util.HashMap<>();
        for (CachedRepo r : cache.scan()) {
            scanned.put(r.repo(), r);
            if (keep.contains(r.repo())) {
                for (CachedRevision rev : r.revisions()) {
                    for (CachedFile f : rev.files()) {
                        if (f.blobEtag() != null) {
                            protectedBlobs.add(r.repo().cacheFolderName() + "/" + f.blobEtag());
                        } else if (f.isCopy()) {
                            protectedBlobs.add(r.repo().cacheFolderName() + "/"
                                    + CacheIndex.copyKey(rev.commit(), f.path()));
                        }
                    }
                }
            }
        }
        long total = index.totalSize();
        long freed = freedFirst;
        for (Object[] b : index.blobsByAccess()) {
            if (total <= maxBytes) {
                break;
            }
            RepoRef repo = (RepoRef) b[0];
            String etag = (String) b[1];
            if (protectedBlobs.contains(repo.cacheFolderName() + "/" + etag) || !scanned.containsKey(repo)) {
                continue;
            }
            // a link into the shared store frees its payload only with the last repo that links to it
            long got = deleteBlobFreeing(scanned.get(repo), etag);
            if (got >= 0) {
                total -= got;
                freed += got;
                deleted.add(repo + ": " + etag);
            }
        }
        scanned.values().forEach(this::dropEmptySnapshots);
        index.refresh();
        return new PruneReport(List.copyOf(deleted), List.copyOf(partials), freed, index.totalSize());
    }

    /**
     * Deletes every partial download whose blob lock is free, under that lock; one a download holds (running now,
     * in this or another process, hubkit's or huggingface_hub's) is left alone, and so is one in a folder that
     * names no repo (no lock can tell whether it is in use).
     *
     * @param deleted receives the deleted files
     * @return the bytes freed
     */
    @SuppressWarnings("try") // the lock is held for the duration of the block
    private long removeStoppedDownloads(List<Path> deleted) {
        long freed = 0;
        for (PartialDownloads.Partial p : PartialDownloads.scan(cache.root())) {
            if (p.repo() == null) {
                continue;
            }
            try (BlobLock free = cache.lockBlob(p.repo(), p.etag(), Duration.ZERO)) {
                if (Files.deleteIfExists(p.file())) {
                    deleted.add(p.file());
                    freed += p.size();
                }
            } catch (HubException held) {
                // a download of this blob is running (or its lock cannot be taken): the file may be in use
                LOG.debug("leaving partial download {}: {}", p.file(), held.getMessage());
            } catch (IOException e) {
                throw new HubCacheException("cannot delete partial download " + p.file() + ": " + e.getMessage(), e);
            }
        }
        return freed;
    }

    /**
     * Removes a repo from the cache, or only one revision of it ({@code revision} a ref or commit):
     * its snapshot, the refs pointing to it, and the blobs no other snapshot uses.
     *
     * @return bytes freed
     */
    public long remove(RepoRef repo, String revision) {
        return exclusively(() -> removeNow(repo, revision));
    }

    private long removeNow(RepoRef repo, String revision) {
        Path dir = cache.repoDir(repo);
        if (!Files.isDirectory(dir)) {
            throw new HubException("repository " + repo + " is not in the cache at " + cache.root()
                    + "; see 'hubkit cache ls'");
        }
        CachedRepo r = cache.scanRepo(repo);
        long freed;
        if (revision == null) {
            String running = runningDownload(repo);
            if (running != null) {
                throw new HubCacheException("a download into " + repo + " is running (blob " + running + "); run"
                        + " 'hubkit cache rm' again when it has finished; nothing was removed");
            }
            List<Path> payloads = sharedPayloads(dir.resolve("blobs"), repo);
            // a shared payload is freed only when no other repo links to it (what sweep returns), as hf's
            // expected_freed_size counts it
            long linked = 0;
            for (Map.Entry<String, Long> b : r.blobs().entrySet()) {
                if (shared.exists() && payloadOrRefuse(dir.resolve("blobs").resolve(b.getKey()), repo).isPresent()) {
                    linked += b.getValue();
                }
            }
            freed = r.sizeOnDisk() - linked;
            deleteTree(dir);
            for (Path payload : new LinkedHashSet<>(payloads)) {
                freed += shared.sweep(payload);
            }
        } else {
            Optional<String> commit = cache.resolveRevision(repo, revision);
            CachedRevision target = commit.flatMap(c -> r.revisions().stream().filter(v -> v.commit().equals(c)).findFirst())
                    .orElseThrow(() -> new HubException("revision " + revision + " of " + repo + " is not in the cache;"
                            + " cached: " + r.revisions().stream().map(CachedRevision::commit).toList()));
            Set<String> stillUsed = new HashSet<>();
            for (CachedRevision v : r.revisions()) {
                if (!v.commit().equals(target.commit())) {
                    v.files().forEach(f -> {
                        if (f.blobEtag() != null) {
                            stillUsed.add(f.blobEtag());
                        }
                    });
                }
            }
            deleteTree(target.dir());
            // the snapshot's real files went with its folder
            freed = target.files().stream().filter(CachedFile::isCopy).mapToLong(CachedFile::size).sum();
            for (CachedFile f : target.files()) {
                if (f.blobEtag() != null && !stillUsed.contains(f.blobEtag()) && f.blob() != null
                        && Files.exists(f.blob())) {
                    freed += Math.max(0, deleteBlobFreeing(r, f.blobEtag()));
                    stillUsed.add(f.blobEtag());
                }
            }
            r.refs().forEach((ref, c) -> {
                if (c.equals(target.commit())) {
                    try {
                        Files.deleteIfExists(dir.resolve("refs").resolve(ref));
                    } catch (IOException e) {
                        throw new HubCacheException("cannot delete ref " + ref + " of " + repo + ": " + e.getMessage(), e);
                    }
                }
            });
            deleteTree(dir.resolve(".no_exist").resolve(target.commit()));
            dropEmptySnapshots(r);
        }
        index.refresh();
        return freed;
    }

    /** Removes snapshots left without files (and their refs), and the repo folder once nothing is left. */
    private void dropEmptySnapshots(CachedRepo before) {
        CachedRepo r = cache.scanRepo(before.repo());
        for (CachedRevision rev : r.revisions()) {
            if (rev.files().stream().allMatch(CachedFile::dangles)) {
                deleteTree(rev.dir());
                r.refs().forEach((ref, c) -> {
                    if (c.equals(rev.commit())) {
                        try {
                            Files.deleteIfExists(r.dir().resolve("refs").resolve(ref));
                        } catch (IOException e) {
                            throw new HubCacheException("cannot delete ref " + ref + " of " + r.repo(), e);
                        }
                    }
                });
            }
        }
        CachedRepo after = cache.scanRepo(before.repo());
        if (after.revisions().isEmpty() && after.blobs().isEmpty() && !after.unreadableBlobs().isEmpty()) {
            // a blob that cannot be read is there all the same: the folder is not empty
            LOG.warn("keeping {}: its blob(s) {} cannot be read; check their permissions", after.dir(),
                    after.unreadableBlobs());
            return;
        }
        if (after.revisions().isEmpty() && after.blobs().isEmpty() && runningDownload(after.repo()) == null
                && !hasForeignPartial(after.dir()) && canList(after.dir())) {
            deleteTree(after.dir());
        }
    }

    /**
     * Whether this user can list {@code dir}: a folder of another user it may not read scans as empty, and must not
     * be taken for one (no deletion on a failure to read).
     */
    private static boolean canList(Path dir) {
        if (Files.isReadable(dir) && Files.isExecutable(dir)) {
            return true;
        }
        LOG.debug("keeping {}: this user cannot list it", dir);
        return false;
    }

    /** Whether the repo's {@code blobs/} holds a download of the Rust hf-hub client ({@link HubCache#isForeignPartial}). */
    private static boolean hasForeignPartial(Path repoDir) {
        Path blobs = repoDir.resolve("blobs");
        if (!Files.isDirectory(blobs)) {
            return false;
        }
        try (Stream<Path> files = Files.list(blobs)) {
            return files.anyMatch(p -> HubCache.isForeignPartial(p.getFileName().toString()));
        } catch (IOException e) {
            return true; // cannot tell: keep the folder
        }
    }

    /**
     * The etag of a download into {@code repo} that another process (or thread) is running right now: a partial file
     * in {@code blobs/} whose blob lock is held; null when there is none.
     */
    private String runningDownload(RepoRef repo) {
        Path blobs = cache.repoDir(repo).resolve("blobs");
        if (!Files.isDirectory(blobs)) {
            return null;
        }
        try (Stream<Path> files = Files.list(blobs)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                int dot = name.indexOf('.');
                if (!HubCache.isPartial(name) || dot <= 0) {
                    continue;
                }
                String etag = name.substring(0, dot);
                try (BlobLock free = cache.lockBlob(repo, etag, Duration.ZERO)) {
                    // nobody holds it: a leftover of a stopped download, not a running one
                } catch (HubCacheException held) {
                    return etag;
                }
            }
        } catch (IOException e) {
            throw new HubCacheException("cannot list " + blobs + ": " + e.getMessage(), e);
        }
        return null;
    }

    /**
     * Runs one maintenance operation while holding the cache's maintenance lock ({@code .locks/hubkit-maintenance.lock}),
     * so that two {@code cache prune}/{@code rm}/{@code verify} at once do not both act on the state they read before
     * the other deleted anything (two prunes each deleting "enough" deleted twice as much).
     */
    @SuppressWarnings("try") // the lock is held for the duration of the block
    private <T> T exclusively(java.util.function.Supplier<T> operation) {
        if (!Files.isDirectory(cache.root())) {
            return operation.get(); // nothing to maintain, and reading must not create the cache folder
        }
        Path lockFile = cache.root().resolve(".locks").resolve("hubkit-maintenance.lock");
        try {
            Files.createDirectories(lockFile.getParent());
        } catch (java.io.IOException e) {
            throw new HubCacheException("cannot create " + lockFile.getParent() + ": " + e.getMessage(), e);
        }
        try (BlobLock lock = BlobLock.acquire(lockFile, MAINTENANCE_WAIT)) {
            return operation.get();
        }
    }

    /** How long a maintenance command waits for another one to finish. */
    private static final Duration MAINTENANCE_WAIT = Duration.ofMinutes(30);

    private boolean deleteBlob(CachedRepo r, String etag) {
        return deleteBlobFreeing(r, etag) >= 0;
    }

    /**
     * Deletes a blob (or real snapshot file) and the snapshot links to it.
     *
     * @return the bytes this freed: the blob's size, or for a link into the shared store what {@link
     *         SharedBlobStore#sweep} freed (0 while another repo still links to the payload); -1 when nothing was
     *         deleted
     */
    @SuppressWarnings("try") // the lock is held for the duration of the block
    private long deleteBlobFreeing(CachedRepo r, String etag) {
        if (CacheIndex.isCopyKey(etag)) {
            // a real file in a snapshot: no blob, no blob lock (no etag to name one)
            Path copy = r.dir().resolve(etag);
            try {
                if (!copy.startsWith(r.dir().resolve("snapshots")) || !Files.isRegularFile(copy)) {
                    return -1;
                }
                long size = Files.size(copy);
                return Files.deleteIfExists(copy) ? size : -1;
            } catch (IOException e) {
                throw new HubCacheException("cannot delete " + copy + ": " + e.getMessage(), e);
            }
        }
        Path blob = r.dir().resolve("blobs").resolve(etag);
        try (BlobLock lock = cache.lockBlob(r.repo(), etag, LOCK_WAIT)) {
            Optional<Path> payload;
            try {
                payload = shared.exists() ? shared.payloadOf(blob) : Optional.empty();
            } catch (IOException unreadable) {
                // what it frees is unknown, so neither it nor its links are deleted
                SharedBlobStore.reportUnreadable(blob, unreadable);
                return -1;
            }
            for (CachedRevision rev : r.revisions()) {
                for (CachedFile f : rev.files()) {
                    if (etag.equals(f.blobEtag())) {
                        Files.deleteIfExists(f.file());
                    }
                }
            }
            long size = payload.isEmpty() && Files.exists(blob) ? Files.size(blob) : 0;
            if (!Files.deleteIfExists(blob)) {
                return -1;
            }
            return payload.isPresent() ? shared.sweep(payload.get()) : size;
        } catch (IOException e) {
            throw new HubCacheException("cannot delete " + blob + ": " + e.getMessage(), e);
        }
    }

    /**
     * The shared-store payloads the entries of a repo's {@code blobs/} folder link to.
     *
     * @throws HubCacheException when an entry cannot be read: removing the repo then could not tell what it frees
     */
    private List<Path> sharedPayloads(Path blobs, RepoRef repo) {
        List<Path> out = new ArrayList<>();
        if (!shared.exists() || !Files.isDirectory(blobs)) {
            return out;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(blobs)) {
            entries = s.toList();
        } catch (IOException e) {
            throw new HubCacheException("cannot list " + blobs + ": " + e.getMessage(), e);
        }
        for (Path b : entries) {
            payloadOrRefuse(b, repo).ifPresent(out::add);
        }
        return out;
    }

    /** {@link SharedBlobStore#payloadOf}, for a removal that must not go on when a blob cannot be read. */
    private Optional<Path> payloadOrRefuse(Path blob, RepoRef repo) {
        try {
            return shared.payloadOf(blob);
        } catch (IOException e) {
            throw new HubCacheException("cannot read " + blob + " (" + e.getMessage() + "), so cannot tell what removing "
                    + repo + " would free; nothing was removed: check its permissions and run again", e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new HubCacheException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
