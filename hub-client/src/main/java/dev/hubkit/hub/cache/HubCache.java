package dev.hubkit.hub.cache;

import dev.hubkit.hub.HubCacheException;
import dev.hubkit.hub.PlainReasons;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.SafePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The huggingface_hub cache layout: {@code {type}s--{org}--{name}/blobs/{etag}},
 * {@code snapshots/{commit}/{path}} as relative symlinks to the blobs (copies where links are
 * impossible), {@code refs/{revision}} holding the commit, {@code .no_exist/{commit}/{path}}
 * markers, and {@code .locks/{repo folder}/{etag}.lock}. A cache written by Python is read
 * here and the reverse.
 */
public final class HubCache {

    private static final Logger LOG = LoggerFactory.getLogger(HubCache.class);
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    /** The cache-directory tag huggingface_hub writes (Cache Directory Tagging Standard). */
    public static final String CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n"
            + "# This file is a cache directory tag created by huggingface_hub.\n"
            + "# For information about cache directory tags, see:\n"
            + "#\thttps://bford.info/cachedir/\n";
    private volatile boolean tagged;

    private final Path root;
    /** The folders of the repo used last: a snapshot asks for them for every file. */
    private volatile RepoDirs lastRepo;
    /** The snapshot folder used last. */
    private volatile SnapshotDir lastSnapshot;

    /** A cache at {@code root}, taken as huggingface_hub takes it: {@link #resolveAsPython}. */
    public HubCache(Path root) {
        this.root = resolveAsPython(root);
    }

    /** The cache-wide store of Xet files (huggingface_hub 2.0) that repo blobs may link to. */
    public SharedBlobStore sharedBlobs() {
        return new SharedBlobStore(root);
    }

    /**
     * {@code Path(p).expanduser().resolve()} as huggingface_hub applies it to every cache folder: a leading
     * {@code ~} is the home folder, the path is made absolute, and symlinks are followed as far as the path exists
     * ({@code ..} after a link leaves the link's target); the rest is kept, normalized.
     */
    public static Path resolveAsPython(Path p) {
        String s = p.toString();
        if (s.equals("~") || s.startsWith("~/")) {
            String home = System.getenv("HOME");
            p = Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"), s.substring(1));
        }
        Path abs = p.toAbsolutePath();
        Path result = abs.getRoot();
        for (Path part : abs) {
            String name = part.toString();
            if (name.equals(".") || name.isEmpty()) {
                continue;
            }
            if (name.equals("..")) {
                result = result.getParent() != null ? result.getParent() : result;
                continue;
            }
            Path next = result.resolve(name);
            if (Files.exists(next)) {
                try {
                    next = next.toRealPath();
                } catch (IOException e) {
                    LOG.debug("cannot resolve {}: {}", next, e.getMessage());
                }
            }
            result = next;
        }
        return result;
    }

    /** A repo's folders, resolved once. */
    private record RepoDirs(RepoRef repo, Path dir, Path blobs, Path snapshots, Path locks) {
    }

    /** A checked {@code snapshots/{commit}} folder. */
    private record SnapshotDir(RepoRef repo, String commit, Path path) {
    }

    /** Names what a checked name is in error messages, built only when there is an error. */
    private record Where(String what, RepoRef repo) {
        @Override
        public String toString() {
            return what + repo;
        }
    }

    private RepoDirs dirs(RepoRef repo) {
        RepoDirs d = lastRepo;
        if (d == null || !d.repo().equals(repo)) {
            String folder = repo.cacheFolderName();
            Path dir = root.resolve(folder);
            d = new RepoDirs(repo, dir, dir.resolve("blobs"), dir.resolve("snapshots"),
                    root.resolve(".locks").resolve(folder));
            lastRepo = d;
        }
        return d;
    }

    /** The cache folder. */
    public Path root() {
        return root;
    }

    /** Whether {@code revision} is a full 40-hex commit hash. */
    public static boolean isCommitHash(String revision) {
        return revision != null && COMMIT.matcher(revision).matches();
    }

    public Path repoDir(RepoRef repo) {
        return dirs(repo).dir();
    }

    public Path blobPath(RepoRef repo, String etag) {
        return SafePaths.resolveUnder(dirs(repo).blobs(), etag, new Where("etag of ", repo));
    }

    public Path snapshotDir(RepoRef repo, String commit) {
        SnapshotDir last = lastSnapshot;
        if (last != null && last.commit().equals(commit) && last.repo().equals(repo)) {
            return last.path();
        }
        Path dir = SafePaths.resolveUnder(dirs(repo).snapshots(), commit, new Where("commit of ", repo));
        lastSnapshot = new SnapshotDir(repo, commit, dir);
        return dir;
    }

    public Path snapshotFile(RepoRef repo, String commit, String file) {
        return SafePaths.resolveUnder(snapshotDir(repo, commit), file, repo);
    }

    public Path noExistMarker(RepoRef repo, String commit, String file) {
        return SafePaths.resolveUnder(repoDir(repo).resolve(".no_exist").resolve(commit), file, repo);
    }

    public Path lockFile(RepoRef repo, String etag) {
        return SafePaths.resolveUnder(dirs(repo).locks(), etag + ".lock", new Where("etag of ", repo));
    }

    /** Takes the cross-process lock of one blob. */
    public BlobLock lockBlob(RepoRef repo, String etag, Duration timeout) {
        return BlobLock.acquire(lockFile(repo, etag), timeout);
    }

    /**
     * The commit a ref points to, or the revision itself when it is a commit hash. A ref file that is missing (or a
     * folder of other refs, such as {@code refs/pr/} of {@code refs/pr/1}: git never has a ref and a folder of refs
     * of one name) is no ref; one that is there but cannot be read is a {@link HubCacheException}, not taken for
     * missing (which would silently send the revision elsewhere).
     *
     * @throws HubCacheException when {@code refs/<revision>} exists but cannot be read (permissions, an I/O error,
     *                           an empty folder in its place)
     */
    public Optional<String> resolveRevision(RepoRef repo, String revision) {
        Path ref = refPath(repo, revision);
        if (ref != null) {
            Optional<String> c = readRef(ref, revision, repo);
            if (c.isPresent()) {
                return c;
            }
        }
        return isCommitHash(revision) ? Optional.of(revision) : Optional.empty();
    }

    /** The commit a ref file holds; empty when there is no such file (or it is empty, as huggingface_hub skips it). */
    private static Optional<String> readRef(Path ref, String revision, RepoRef repo) {
        if (!Files.exists(ref, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (Files.isDirectory(ref) && holdsEntries(ref, revision, repo)) {
            return Optional.empty();
        }
        try {
            String c = Files.readString(ref, StandardCharsets.UTF_8).strip();
            return c.isEmpty() ? Optional.empty() : Optional.of(c);
        } catch (NoSuchFileException e) {
            return Optional.empty(); // deleted meanwhile, or a link to nothing: no ref, as huggingface_hub sees it
        } catch (IOException e) {
            throw unreadableRef(ref, revision, repo, Files.isDirectory(ref) ? "it is an empty folder, not a file"
                    : PlainReasons.of(e), e);
        }
    }

    /** Whether a folder in a ref's place holds other refs (a namespace such as {@code refs/pr/}). */
    private static boolean holdsEntries(Path dir, String revision, RepoRef repo) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            return ds.iterator().hasNext();
        } catch (IOException e) {
            throw unreadableRef(dir, revision, repo, "a folder that cannot be listed (" + PlainReasons.of(e) + ")", e);
        }
    }

    private static HubCacheException unreadableRef(Path ref, String revision, RepoRef repo, String reason,
                                                   Throwable cause) {
        return new HubCacheException("cannot read ref file " + ref + " (revision " + revision + " of " + repo + "): "
                + reason + "; check its permissions (it must be a readable file holding a commit id), or delete it to"
                + " have the revision looked up again", cause);
    }

    private Path refPath(RepoRef repo, String revision) {
        if (!SafePaths.isSafe(revision)) {
            return null;
        }
        return repoDir(repo).resolve("refs").resolve(revision);
    }

    /** Records that {@code revision} points to {@code commit} (no-op when they are equal). */
    public void writeRef(RepoRef repo, String revision, String commit) {
        if (revision.equals(commit)) {
            return;
        }
        Path ref = SafePaths.resolveUnder(repoDir(repo).resolve("refs"), revision, "revision of " + repo);
        try {
            if (Files.isRegularFile(ref) && Files.readString(ref, StandardCharsets.UTF_8).strip().equals(commit)) {
                return;
            }
            writeAtomically(ref, commit.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HubCacheException("cannot write ref " + ref + ": " + e.getMessage()
                    + "; check that the cache folder is writable", e);
        }
    }

    /** The cached file for repo/revision/file, when its snapshot entry exists and is readable. */
    public Optional<Path> cachedFile(RepoRef repo, String revision, String file) {
        return resolveRevision(repo, revision).map(c -> snapshotFile(repo, c, file)).filter(Files::isRegularFile);
    }

    /** Whether a {@code .no_exist} marker says the file is absent at the revision. */
    public boolean knownMissing(RepoRef repo, String revision, String file) {
        return resolveRevision(repo, revision).map(c -> Files.exists(noExistMarker(repo, c, file))).orElse(false);
    }

    /** Creates the {@code .no_exist} marker. */
    public void markMissing(RepoRef repo, String commit, String file) {
        Path marker = noExistMarker(repo, commit, file);
        try {
            Files.createDirectories(marker.getParent());
            if (!Files.exists(marker)) {
                Files.createFile(marker);
            }
        } catch (IOException e) {
            LOG.debug("cannot write {}: {}", marker, e.getMessage());
        }
    }

    /**
     * Points {@code snapshots/{commit}/{file}} at {@code blobs/{etag}} with a relative symlink, or a
     * copy where the file system has no symlinks.
     */
    public Path linkSnapshot(RepoRef repo, String commit, String file, String etag) {
        tagCacheDir();
        Path blob = blobPath(repo, etag);
        Path pointer = snapshotFile(repo, commit, file);
        try {
            // pointer.getParent().relativize(blob), written out: up from the file's folder to the repo
            // folder (one level per '/' in the checked name, then past {commit} and snapshots/)
            StringBuilder up = new StringBuilder("../../");
            for (int i = file.indexOf('/'); i >= 0; i = file.indexOf('/', i + 1)) {
                up.append("../");
            }
            Path rel = pointer.getFileSystem().getPath(up.append("blobs/").append(etag).toString());
            // the common case, a new entry: one symlink(2), atomic by itself (no temp name, no rename, no
            // lstat, no check of the folder first)
            try {
                try {
                    Files.createSymbolicLink(pointer, rel);
                } catch (NoSuchFileException e) {
                    // the first file of its folder
                    Files.createDirectories(pointer.getParent());
                    Files.createSymbolicLink(pointer, rel);
                }
                return pointer;
            } catch (FileAlreadyExistsException e) {
                if (Files.isSymbolicLink(pointer) ? Files.readSymbolicLink(pointer).equals(rel)
                        : Files.isRegularFile(pointer)) {
                    // the link, or a real file that a cache without symlinks holds: never replaced by a link
                    return pointer;
                }
            } catch (UnsupportedOperationException | FileSystemException e) {
                LOG.debug("cannot link {} directly ({}), going through a temp file", pointer, e.getMessage());
            }
            Path tmp = pointer.resolveSibling(".tmp-" + pointer.getFileName() + "-" + Long.toHexString(System.nanoTime()));
            try {
                try {
                    Files.createSymbolicLink(tmp, rel);
                } catch (UnsupportedOperationException | FileSystemException e) {
                    LOG.debug("no symlinks in {} ({}), copying", root, e.getMessage());
                    Files.copy(blob, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(tmp, pointer, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteQuietly(tmp); // gone after the move; after a failure, not left in the snapshot
            }
            return pointer;
        } catch (IOException e) {
            throw new HubCacheException("cannot create " + pointer + ": " + e.getMessage()
                    + "; check that the cache folder is writable", e);
        }
    }

    /**
     * Puts a real file at {@code snapshots/{commit}/{file}} instead of a link, as huggingface_hub does without
     * symlinks ({@code HF_HUB_DISABLE_SYMLINKS}): a blob this download just wrote is moved there ({@code newBlob}),
     * one that was there before is copied, since other snapshots may link to it. A real file already there is kept.
     */
    public Path placeSnapshotFile(RepoRef repo, String commit, String file, String etag, boolean newBlob) {
        tagCacheDir();
        Path blob = blobPath(repo, etag);
        Path pointer = snapshotFile(repo, commit, file);
        try {
            if (Files.isRegularFile(pointer, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return pointer;
            }
            Files.createDirectories(pointer.getParent());
            if (newBlob) {
                Files.move(blob, pointer, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Path tmp = pointer.resolveSibling(".tmp-" + pointer.getFileName() + "-"
                        + Long.toHexString(System.nanoTime()));
                try {
                    Files.copy(blob, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, pointer, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    deleteQuietly(tmp); // gone after the move; after a failure, not left in the snapshot
                }
            }
            return pointer;
        } catch (IOException e) {
            throw new HubCacheException("cannot create " + pointer + " from " + blob + ": " + e.getMessage()
                    + "; check free space and that the cache folder is writable", e);
        }
    }

    /**
     * Writes {@code CACHEDIR.TAG} at the cache root unless it is there (once per instance), as huggingface_hub
     * does when it adds a file to the cache, so that backup tools skip the cache; a failure is ignored.
     */
    public void tagCacheDir() {
        if (tagged) {
            return;
        }
        Path tag = root.resolve("CACHEDIR.TAG");
        try {
            if (!Files.exists(tag)) {
                ensureDirectory(root);
                Files.writeString(tag, CACHEDIR_TAG, java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            LOG.debug("cannot write {}: {}", tag, e.getMessage());
        }
        tagged = true;
    }

    /**
     * Whether {@code p} is a regular file (following links), as {@link Files#isRegularFile} says, but
     * without the exception (and its stack trace) that {@code Files} makes for a missing file on Java
     * 17: a snapshot asks this about every blob it does not have yet.
     */
    public static boolean isFile(Path p) {
        if (p.getFileSystem() == java.nio.file.FileSystems.getDefault()) {
            return p.toFile().isFile();
        }
        return Files.isRegularFile(p);
    }

    /**
     * Creates {@code dir} and its parents unless it already is a folder (checked first: creating an
     * existing folder costs an exception per call, which adds up over thousands of files).
     */
    public static void ensureDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }

    /** Deletes a temporary file a failed step may have left; a failure to delete it is logged, never thrown. */
    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            LOG.warn("cannot delete the temporary file {}: {}; delete it by hand", tmp, PlainReasons.of(e));
        }
    }

    /** Writes bytes to {@code target} through a temp file and an atomic rename. */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        ensureDirectory(target.getParent());
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + Long.toHexString(System.nanoTime()));
        try {
            Files.write(tmp, bytes);
            moveIntoPlace(tmp, target);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write's error is the one to report
            }
            throw e;
        }
    }

    /**
     * Whether {@code e} says a name is longer than the file system allows ({@code ENAMETOOLONG}), from
     * the JDK or from the lock's own {@code open(2)}.
     */
    public static boolean isNameTooLong(IOException e) {
        return e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                && f.getReason().startsWith("File name too long");
    }

    /** Renames {@code tmp} onto {@code target}, atomically where the file system allows. */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Scans every repo folder of the cache (the truth the index is rebuilt from). */
    public List<CachedRepo> scan() {
        List<CachedRepo> repos = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return repos;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            List<Path> dirs = new ArrayList<>();
            ds.forEach(dirs::add);
            dirs.sort(Comparator.naturalOrder());
            for (Path dir : dirs) {
                RepoRef repo = RepoRef.fromCacheFolderName(dir.getFileName().toString());
                if (repo != null && Files.isDirectory(dir)) {
                    repos.add(scanRepo(repo));
                }
            }
        } catch (IOException e) {
            throw new HubCacheException("cannot list cache folder " + root + ": " + e.getMessage(), e);
        }
        return repos;
    }

    /**
     * Whether a name in {@code blobs/} is a download in progress rather than a blob: huggingface_hub's
     * and hubkit's {@code {etag}.incomplete}, and the part file and progress record of hubkit's parallel
     * chunks ({@code {etag}.chunks.incomplete}, {@code {etag}.chunks.progress}).
     */
    public static boolean isPartial(String blobFileName) {
        return blobFileName.endsWith(".incomplete") || blobFileName.endsWith(".chunks.progress");
    }

    /**
     * Whether a name in {@code blobs/} is the lock file the Rust {@code hf-hub} client (0.4, inside the tokenizers
     * library) keeps beside the blob it downloads ({@code {etag}.lock}): not a blob, so neither listed, counted nor
     * pruned as one (huggingface_hub's scan, which only counts blobs that snapshots link to, ignores it too).
     */
    public static boolean isForeignLock(String blobFileName) {
        return blobFileName.endsWith(".lock");
    }

    /**
     * Whether a name in {@code blobs/} is the Rust {@code hf-hub} client's download in progress ({@code {etag}.part},
     * left behind when it is stopped): not a blob (huggingface_hub neither counts it nor reports it as an incomplete
     * download), and never deleted by hubkit, which cannot tell whether hf-hub is still writing it.
     */
    public static boolean isForeignPartial(String blobFileName) {
        return blobFileName.endsWith(".part");
    }

    /** Scans one repo folder. */
    public CachedRepo scanRepo(RepoRef repo) {
        Path dir = repoDir(repo);
        Map<String, String> refs = new TreeMap<>();
        Path refsDir = dir.resolve("refs");
        try {
            if (Files.isDirectory(refsDir)) {
                try (Stream<Path> s = Files.walk(refsDir)) {
                    for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                        String name = refsDir.relativize(p).toString().replace('\\', '/');
                        refs.put(name, Files.readString(p, StandardCharsets.UTF_8).strip());
                    }
                }
            }
            Map<String, Long> blobs = new TreeMap<>();
            Set<String> unreadable = new TreeSet<>();
            Path blobsDir = dir.resolve("blobs");
            if (Files.isDirectory(blobsDir)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(blobsDir)) {
                    for (Path b : ds) {
                        String n = b.getFileName().toString();
                        if (isPartial(n) || isForeignLock(n) || isForeignPartial(n) || n.startsWith(".")) {
                            continue;
                        }
                        if (Files.isRegularFile(b, LinkOption.NOFOLLOW_LINKS)) {
                            blobs.put(n, Files.size(b));
                        } else if (Files.isSymbolicLink(b)) {
                            // huggingface_hub 2.0's Xet files: a link to the cache-wide store, sized as the payload
                            Optional<Path> payload;
                            try {
                                payload = sharedBlobs().payloadOf(b);
                            } catch (IOException e) {
                                // of unknown size, so neither sized nor offered for deletion; verify reports it,
                                // rm of the repo refuses with it, and the repo folder is never taken for empty
                                LOG.debug("cannot read shared blob link {}: {}", b, e.toString());
                                unreadable.add(n);
                                continue;
                            }
                            if (payload.isPresent()) {
                                blobs.put(n, Files.size(payload.get()));
                            }
                        }
                    }
                }
            }
            List<CachedRevision> revisions = new ArrayList<>();
            Path snaps = dir.resolve("snapshots");
            if (Files.isDirectory(snaps)) {
                List<Path> commits = new ArrayList<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(snaps)) {
                    ds.forEach(commits::add);
                }
                commits.sort(Comparator.naturalOrder());
                for (Path c : commits) {
                    if (!Files.isDirectory(c)) {
                        continue;
                    }
                    String commit = c.getFileName().toString();
                    Set<String> names = new HashSet<>();
                    refs.forEach((k, v) -> {
                        if (v.equals(commit)) {
                            names.add(k);
                        }
                    });
                    revisions.add(new CachedRevision(commit, Set.copyOf(names), c, scanSnapshot(c)));
                }
            }
            return new CachedRepo(repo, dir, List.copyOf(revisions), new LinkedHashMap<>(refs), blobs,
                    Set.copyOf(unreadable));
        } catch (IOException e) {
            throw new HubCacheException("cannot scan " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The size of the file a snapshot link leads to: -1 when nothing is there or it is not a regular file (a broken
     * link: {@code cache verify --delete} removes it, prune drops a snapshot of only such links), {@link
     * CachedFile#UNREADABLE} when it cannot be read for another reason (a folder this user may not search, a loop),
     * so that a failure to read never passes for a missing blob, which would be deleted.
     */
    private static long linkedSize(Path target) {
        try {
            java.nio.file.attribute.BasicFileAttributes a =
                    Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class);
            return a.isRegularFile() ? a.size() : -1;
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            LOG.debug("cannot read blob {}: {}", target, e.toString());
            return CachedFile.UNREADABLE;
        }
    }

    private static List<CachedFile> scanSnapshot(Path snap) throws IOException {
        List<CachedFile> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(snap)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.equals(snap) || Files.isDirectory(p) || p.getFileName().toString().startsWith(".tmp-")) {
                    continue;
                }
                String rel = snap.relativize(p).toString().replace('\\', '/');
                if (Files.isSymbolicLink(p)) {
                    Path target = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
                    long size = linkedSize(target);
                    files.add(new CachedFile(rel, p, target, target.getFileName().toString(), size));
                } else {
                    files.add(new CachedFile(rel, p, null, null, Files.size(p)));
                }
            }
        }
        files.sort(Comparator.comparing(CachedFile::path));
        return List.copyOf(files);
    }
}
