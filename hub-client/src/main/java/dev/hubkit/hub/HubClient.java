package dev.hubkit.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.hub.cache.BlobLock;
import dev.hubkit.hub.cache.HubCache;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hub client speaking the protocol of {@code huggingface_hub}: downloads files and snapshots into
 * the shared cache (resumable, locked, verified) or, as {@code local_dir} does, straight into a folder;
 * lists repos, and answers from the cache (or the folder) offline.
 * Thread-safe; close it to release connections.
 */
public final class HubClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Default revision. */
    public static final String MAIN = "main";

    private final HubSettings settings;
    private final HubCache cache;
    private final HubHttp http;
    private final BlobDownloader downloader;
    private final LocalDirDownloader localDir;

    public HubClient(HubSettings settings) {
        this.settings = settings;
        this.cache = new HubCache(settings.cacheDir());
        this.http = new HubHttp(settings);
        this.downloader = new BlobDownloader(http, settings);
        this.localDir = new LocalDirDownloader(this, downloader);
    }

    /** A client configured from {@code HF_*} environment variables. */
    public static HubClient fromEnvironment() {
        return new HubClient(HubSettings.fromEnvironment());
    }

    public HubSettings settings() {
        return settings;
    }

    public HubCache cache() {
        return cache;
    }

    /** Downloads {@code file} of model {@code repoId} at {@code main}; returns the snapshot path. */
    public Path downloadFile(String repoId, String file) {
        return downloadFile(RepoRef.model(repoId), file, MAIN);
    }

    /** Downloads one file (or finds it in the cache) and returns its path under {@code snapshots/}. */
    public Path downloadFile(RepoRef repo, String file, String revision) {
        return downloadFile(repo, file, revision, DownloadListener.NONE);
    }

    /** Like {@link #downloadFile(RepoRef, String, String)} with progress callbacks. */
    public Path downloadFile(RepoRef repo, String file, String revision, DownloadListener listener) {
        String rev = revision == null || revision.isBlank() ? MAIN : revision;
        file = SafePaths.requested(file, repo);
        if (settings.offline()) {
            return fromCache(repo, rev, file, "offline mode is on (HF_HUB_OFFLINE or --offline)");
        }
        if (HubCache.isCommitHash(rev)) {
            Optional<Path> hit = cache.cachedFile(repo, rev, file);
            if (hit.isPresent()) {
                return hit.get();
            }
        }
        FileMetadata meta;
        try {
            meta = metadata(repo, file, rev, cache.cachedFile(repo, rev, file).isPresent());
        } catch (EntryNotFoundException e) {
            throw e;
        } catch (HubTransportException e) {
            LOG.debug("hub unreachable, trying the cache: {}", e.getMessage());
            return fromCache(repo, rev, file, "the hub could not be reached (" + e.getMessage() + ")");
        }
        return fetch(repo, file, rev, meta, ContentCheck.forHeadEtag(meta.etag()), listener);
    }

    @SuppressWarnings("try") // the lock is held for the duration of the block
    private Path fetch(RepoRef repo, String file, String rev, FileMetadata meta, ContentCheck check,
                       DownloadListener listener) {
        cache.writeRef(repo, rev, meta.commit());
        Path pointer = cache.snapshotFile(repo, meta.commit(), file);
        Path blob = cache.blobPath(repo, meta.etag());
        boolean haveBlob = HubCache.isFile(blob);
        if (HubCache.isFile(pointer)) {
            // as huggingface_hub: the snapshot entry is the answer, a link or (in a cache made without
            // symlinks) a real file, with or without a blob behind it
            if (haveBlob) {
                touch(blob);
            }
            listener.finished(file, meta.size());
            return pointer;
        }
        boolean newBlob = false;
        if (!haveBlob) {
            try (BlobLock lock = cache.lockBlob(repo, meta.etag(), Duration.ofMinutes(30))) {
                if (!HubCache.isFile(blob)) {
                    newBlob = true;
                    downloader.download(meta, check, blob, file, listener,
                            resp -> HubErrors.of(resp, repo, rev, file, settings.token() != null));
                } else {
                    // another process finished it meanwhile: what this one had of it is of no use now
                    BlobDownloader.discardPartials(blob);
                    listener.finished(file, meta.size());
                }
            } catch (IOException e) {
                throw new HubCacheException("cannot write " + file + " of " + repo + " into " + blob.getParent() + ": "
                        + e.getMessage() + "; check free space and permissions of the cache folder", e);
            }
        } else {
            // the blob is complete (nobody downloads it any more): a part of it that a killed download left
            // behind is of no use now; only looked for here, when a snapshot entry is made, not on every hit
            BlobDownloader.discardPartials(blob);
            listener.finished(file, meta.size());
        }
        return settings.symlinks() ? cache.linkSnapshot(repo, meta.commit(), file, meta.etag())
                : cache.placeSnapshotFile(repo, meta.commit(), file, meta.etag(), newBlob);
    }

    /**
     * Downloads one file straight into {@code localDir/file}, as huggingface_hub's
     * {@code hf_hub_download(local_dir=...)} does: the cache is not written, the file's commit and etag
     * are recorded under {@code localDir/.cache/huggingface/download/}, and a file already there that
     * is up to date is not downloaded again. Offline (or with the hub unreachable) the file in the folder
     * is the answer; {@link LocalEntryNotFoundException} when it is not there. Returns the file's path.
     */
    public Path downloadFileToLocalDir(RepoRef repo, String file, String revision, Path localDir,
                                       DownloadListener listener) {
        String rev = revision == null || revision.isBlank() ? MAIN : revision;
        file = SafePaths.requested(file, repo);
        return this.localDir.file(repo, file, rev, localDir, null, listener == null ? DownloadListener.NONE : listener);
    }

    /**
     * Downloads the files of a revision that the options select straight into {@code localDir}, as
     * huggingface_hub's {@code snapshot_download(local_dir=...)} does (see
     * {@link #downloadFileToLocalDir}); returns the folder. Offline, the folder as it is, once every
     * selected file its metadata records is found there.
     */
    public Path downloadSnapshotToLocalDir(RepoRef repo, String revision, SnapshotOptions options, Path localDir) {
        String rev = revision == null || revision.isBlank() ? MAIN : revision;
        return this.localDir.snapshot(repo, rev, options, localDir);
    }

    /** Marks a blob as used now (access time), which {@code cache prune} orders by. */
    private static void touch(Path blob) {
        try {
            Files.getFileAttributeView(blob, java.nio.file.attribute.BasicFileAttributeView.class)
                    .setTimes(null, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()), null);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot update access time of {}: {}", blob, e.getMessage());
        }
    }

    private Path fromCache(RepoRef repo, String rev, String file, String why) {
        Optional<Path> hit = cache.cachedFile(repo, rev, file);
        if (hit.isPresent()) {
            touch(hit.get());
            return hit.get();
        }
        if (cache.knownMissing(repo, rev, file)) {
            throw new EntryNotFoundException("file " + file + " not found in " + repo + "@" + rev
                    + " (known from the cache's .no_exist marker)");
        }
        throw new LocalEntryNotFoundException("file " + file + " of " + repo + "@" + rev + " is not in the cache at "
                + cache.root() + " and " + why + "; download it once while online");
    }

    /** {@code HEAD .../resolve/{revision}/{file}}: commit, etag, size and download location. */
    public FileMetadata metadata(RepoRef repo, String file, String revision) {
        return metadata(repo, file, revision, false);
    }

    private FileMetadata metadata(RepoRef repo, String file, String revision, boolean cacheCanAnswer) {
        return metadata(repo, file, revision, cacheCanAnswer, true);
    }

    /**
     * The {@code HEAD}; with {@code recordMissing}, a file the server says is missing gets the cache's
     * {@code .no_exist} marker (not for a local-dir download, which leaves the cache alone).
     */
    FileMetadata metadata(RepoRef repo, String file, String revision, boolean cacheCanAnswer, boolean recordMissing) {
        String rev = revision == null ? MAIN : revision;
        SafePaths.check(file, repo);
        URI url = resolveUrl(repo, file, rev);
        Map<String, String> headers = Map.of("Accept-Encoding", "identity");
        for (int hop = 0; hop < 5; hop++) {
            try (ClassicHttpResponse resp = http.open("HEAD", url, headers, null, "metadata of " + file + " in " + repo,
                    cacheCanAnswer)) {
                int code = resp.getCode();
                String location = HubHttp.header(resp, "Location");
                if (code >= 300 && code < 400 && location != null && location.startsWith("/")
                        && HubHttp.header(resp, "X-Repo-Commit") == null) {
                    url = url.resolve(location);
                    continue;
                }
                if (code >= 400) {
                    String commit = HubHttp.header(resp, "X-Repo-Commit");
                    HubException ex = HubErrors.of(resp, repo, rev, file, settings.token() != null);
                    if (recordMissing && ex instanceof EntryNotFoundException && commit != null
                            && HubCache.isCommitHash(commit)) {
                        cache.markMissing(repo, commit, file);
                        cache.writeRef(repo, rev, commit);
                    }
                    throw ex;
                }
                String commit = HubHttp.header(resp, "X-Repo-Commit");
                String etag = FileMetadata.normalizeEtag(HubHttp.header(resp, "X-Linked-Etag"));
                if (etag == null) {
                    etag = FileMetadata.normalizeEtag(HubHttp.header(resp, "ETag"));
                }
                String size = HubHttp.header(resp, "X-Linked-Size");
                if (size == null) {
                    size = HubHttp.header(resp, "Content-Length");
                }
                if (commit == null || etag == null || etag.isEmpty() || size == null) {
                    throw new HubException("the server at " + settings.endpointForDisplay() + " did not send X-Repo-Commit, ETag "
                            + "and size for " + file + " of " + repo + "@" + rev
                            + "; is HF_ENDPOINT a Hugging Face Hub (or mirror)?");
                }
                SafePaths.check(commit, "X-Repo-Commit of " + repo);
                SafePaths.check(etag, "ETag of " + file + " in " + repo);
                if (commit.contains("/") || etag.contains("/")) {
                    throw new UnsafePathException("refusing commit/etag with '/' from the server for " + file);
                }
                long n;
                try {
                    n = Long.parseLong(size.strip());
                } catch (NumberFormatException e) {
                    throw new HubException("the server sent a bad size '" + size + "' for " + file + " of " + repo);
                }
                URI loc = code >= 300 && code < 400 && location != null ? url.resolve(location) : url;
                return new FileMetadata(commit, etag, n, loc);
            } catch (IOException e) {
                throw new HubTransportException("reading metadata of " + file + " in " + repo + " failed: "
                        + e.getMessage(), e);
            }
        }
        throw new HubException("too many redirects resolving " + file + " of " + repo);
    }

    /** Whether {@code file} exists in the repo at the revision. */
    public boolean fileExists(RepoRef repo, String file, String revision) {
        try {
            metadata(repo, file, revision);
            return true;
        } catch (EntryNotFoundException e) {
            return false;
        }
    }

    /** {@code GET /api/{type}s/{repo}/revision/{rev}}. */
    public RepoInfo repoInfo(RepoRef repo, String revision) {
        return listing(repo, revision, false).info();
    }

    /** Repo info plus, where the server gives them ({@code ?blobs=true}), each file's size and ids. */
    record Listing(RepoInfo info, Map<String, RepoFile> files) {
    }

    Listing listing(RepoRef repo, String revision, boolean cacheCanAnswer) {
        String rev = revision == null ? MAIN : revision;
        URI url = apiUrl(repo, "/revision/" + encode(rev) + "?blobs=true");
        JsonNode n = getJson(url, repo, rev, cacheCanAnswer);
        List<String> siblings = new ArrayList<>();
        Map<String, RepoFile> files = new java.util.HashMap<>();
        for (JsonNode s : n.path("siblings")) {
            String name = SafePaths.check(s.path("rfilename").asText(), repo);
            siblings.add(name);
            JsonNode lfs = s.path("lfs");
            if (s.path("size").isIntegralNumber()) {
                files.put(name, new RepoFile(name, s.path("size").asLong(), s.path("blobId").asText(null),
                        lfs.isObject() ? lfs.path("sha256").asText(null) : null));
            }
        }
        String gated = n.path("gated").isBoolean() ? String.valueOf(n.path("gated").asBoolean())
                : n.path("gated").asText("false");
        String sha = n.path("sha").asText(null);
        if (sha == null || !HubCache.isCommitHash(sha)) {
            throw new HubException("the server's repo info for " + repo + "@" + rev + " has no valid 'sha'");
        }
        return new Listing(new RepoInfo(n.path("id").asText(repo.id()), sha, List.copyOf(siblings),
                n.path("private").asBoolean(false), gated), files);
    }

    /**
     * Downloads one file of a snapshot. With the size and ids from the listing there is no need for
     * a {@code HEAD} per file: the blob gets the name huggingface_hub would give it from the
     * {@code HEAD} answer (the sha256 of a large-storage file, which the hub sends as
     * {@code X-Linked-Etag}; the git blob id of any other file, which it sends as {@code ETag}), the
     * body is fetched with one {@code GET .../resolve/{commit}/{file}} (following the large-file
     * redirect), and its size and that id are checked, so a listing that disagrees with the content
     * never names a blob. Without usable ids, as {@link #downloadFile}.
     */
    private Path snapshotFile(RepoRef repo, String file, String commit, RepoFile known, DownloadListener listener) {
        if (known != null && known.size() >= 0) {
            String lfs = known.lfsSha256();
            String etag = lfs != null ? lfs : known.oid();
            ContentCheck check = lfs != null ? (isLowerHex(lfs, 64) ? ContentCheck.SHA256 : null)
                    : (isLowerHex(etag, 40) ? ContentCheck.GIT_BLOB_SHA1 : null);
            if (check != null) {
                return fetch(repo, file, commit, new FileMetadata(commit, etag, known.size(),
                        resolveUrl(repo, file, commit)), check, listener);
            }
            LOG.debug("listing of {} has no usable id for {}; asking the server", repo, file);
        }
        return downloadFile(repo, file, commit, listener);
    }

    /** Whether {@code s} is {@code length} lower-case hex digits (how the hub writes its ids). */
    static boolean isLowerHex(String s, int length) {
        if (s == null || s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /** {@code GET /api/{type}s/{repo}/tree/{rev}?recursive=true}: every file with size and ids. */
    public List<RepoFile> listFiles(RepoRef repo, String revision) {
        String rev = revision == null ? MAIN : revision;
        URI url = apiUrl(repo, "/tree/" + encode(rev) + "?recursive=true&expand=false");
        List<RepoFile> files = new ArrayList<>();
        while (url != null) {
            URI next = null;
            try (ClassicHttpResponse resp = http.open("GET", url, Map.of("Accept", "application/json"), null,
                    "listing of " + repo)) {
                if (resp.getCode() >= 400) {
                    throw HubErrors.of(resp, repo, rev, null, settings.token() != null);
                }
                JsonNode arr;
                try (InputStream in = resp.getEntity().getContent()) {
                    arr = JSON.readTree(in);
                }
                for (JsonNode e : arr) {
                    if (!"file".equals(e.path("type").asText())) {
                        continue;
                    }
                    JsonNode lfs = e.path("lfs");
                    files.add(new RepoFile(SafePaths.check(e.path("path").asText(), repo), e.path("size").asLong(),
                            e.path("oid").asText(null), lfs.isObject() ? lfs.path("oid").asText(null) : null));
                }
                String link = HubHttp.header(resp, "Link");
                if (link != null && link.contains("rel=\"next\"")) {
                    String u = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
                    next = url.resolve(u);
                }
            } catch (IOException e) {
                throw new HubTransportException("listing " + repo + "@" + rev + " failed: " + e.getMessage(), e);
            }
            url = next;
        }
        return files;
    }

    /**
     * Downloads every file of a revision (filtered by the patterns) with N workers, and returns
     * the snapshot folder (not made when the patterns select nothing, as huggingface_hub). A file already
     * in the snapshot, a link or a real file (a cache without symlinks), is not fetched again. Offline,
     * returns the cached snapshot folder of the revision.
     */
    public Path downloadSnapshot(RepoRef repo, String revision, SnapshotOptions options) {
        String rev = revision == null || revision.isBlank() ? MAIN : revision;
        Listing listing;
        if (settings.offline()) {
            return cachedSnapshot(repo, rev, options, "offline mode is on (HF_HUB_OFFLINE or --offline)");
        }
        try {
            Optional<String> cachedCommit = cache.resolveRevision(repo, rev);
            listing = listing(repo, rev, cachedCommit.isPresent()
                    && Files.isDirectory(cache.snapshotDir(repo, cachedCommit.get())));
        } catch (HubTransportException e) {
            return cachedSnapshot(repo, rev, options, "the hub could not be reached (" + e.getMessage() + ")");
        }
        RepoInfo info = listing.info();
        cache.writeRef(repo, rev, info.sha());
        if (listing.files().size() == info.siblings().size()
                && listing.files().values().stream().allMatch(f -> f.oid() != null)) {
            TreeCache.write(cache.repoDir(repo), info.sha(), listing.files().values());
        }
        Globs.Selection selection = Globs.selection(options.allowPatterns(), options.ignorePatterns());
        List<String> wanted = info.siblings().stream().filter(selection::accepts).toList();
        Path snap = cache.snapshotDir(repo, info.sha());
        if (wanted.isEmpty()) {
            // as huggingface_hub: patterns that select nothing leave the ref and the listing, and no snapshot folder
            return snap;
        }
        try {
            Files.createDirectories(snap);
        } catch (IOException e) {
            throw new HubCacheException("cannot create " + snap + ": " + e.getMessage(), e);
        }
        List<java.util.function.Supplier<Path>> jobs = new ArrayList<>();
        for (String f : wanted) {
            jobs.add(() -> snapshotFile(repo, f, info.sha(), listing.files().get(f), options.listener()));
        }
        ParallelFiles.run(jobs, options.workers(), "snapshot download of " + repo);
        return snap;
    }

    /**
     * The cached snapshot of {@code rev} when the hub is not asked; with a tree listing of its commit
     * ({@link TreeCache}), only when every file the patterns select is there ({@link IncompleteSnapshotException}
     * otherwise), as huggingface_hub 2.0 decides.
     */
    private Path cachedSnapshot(RepoRef repo, String rev, SnapshotOptions options, String why) {
        Optional<String> commit = cache.resolveRevision(repo, rev);
        if (commit.isPresent() && Files.isDirectory(cache.snapshotDir(repo, commit.get()))) {
            Path snap = cache.snapshotDir(repo, commit.get());
            Optional<List<String>> tree = TreeCache.read(cache.repoDir(repo), commit.get());
            if (tree.isPresent()) {
                Globs.Selection selection = Globs.selection(options.allowPatterns(), options.ignorePatterns());
                List<String> missing = tree.get().stream().filter(selection::accepts)
                        .filter(f -> !HubCache.isFile(snap.resolve(f))).toList();
                if (!missing.isEmpty()) {
                    throw new IncompleteSnapshotException(repo, rev, commit.get(), snap, missing, why);
                }
            }
            return snap;
        }
        throw new LocalEntryNotFoundException("no snapshot of " + repo + "@" + rev + " in the cache at " + cache.root()
                + " and " + why + "; download it once while online");
    }

    /**
     * Copies the files of a snapshot folder into {@code localDir} (real files, written to a temp
     * file and renamed) and returns {@code localDir}.
     */
    public static Path exportSnapshot(Path snapshot, Path localDir) {
        return exportSnapshot(snapshot, localDir, List.of(), List.of());
    }

    /**
     * Copies the files of a snapshot folder that pass {@code allow} (empty: all) and no {@code ignore}
     * pattern ({@link Globs}, as {@link SnapshotOptions} filters a snapshot download) to {@code localDir},
     * each written to a temp file and renamed; returns {@code localDir}. Use it after a filtered
     * {@link #downloadSnapshot}: the snapshot folder also holds files fetched by earlier, wider downloads,
     * and huggingface_hub's {@code local_dir} receives only the files the patterns select.
     */
    public static Path exportSnapshot(Path snapshot, Path localDir, List<String> allow, List<String> ignore) {
        Globs.Selection selection = Globs.selection(allow, ignore);
        try (var walk = Files.walk(snapshot)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p)) {
                    continue;
                }
                String rel = snapshot.relativize(p).toString().replace('\\', '/');
                if (!selection.accepts(rel)) {
                    continue;
                }
                copyInto(p, SafePaths.resolveUnder(localDir, rel, "file name"), localDir);
            }
            return localDir;
        } catch (IOException e) {
            throw new HubCacheException("cannot copy " + snapshot + " to " + localDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses to write {@code target} under {@code localDir} when a folder of that name, or a file where
     * one of its folders should be, is in the way, naming the path.
     */
    static void checkWritable(Path target, Path localDir) {
        if (Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new HubCacheException("cannot write " + target + ": a folder of that name is in the way; move it or "
                    + "choose another local folder");
        }
        for (Path dir = target.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new HubCacheException("cannot write " + target + ": " + dir + " is a file, not a folder"
                        + (dir.equals(localDir.toAbsolutePath().normalize()) ? "; choose another local folder" : "; move it or choose another local folder"));
            }
            if (Files.isDirectory(dir)) {
                break;
            }
        }
    }

    /**
     * Copies {@code source} to {@code target} under {@code localDir} through a temp file renamed into place;
     * a file or folder in the way is reported as such, naming the path.
     */
    private static void copyInto(Path source, Path target, Path localDir) {
        checkWritable(target, localDir);
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + Long.toHexString(System.nanoTime()));
        try {
            HubCache.ensureDirectory(target.getParent());
            Files.copy(source, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            HubCache.moveIntoPlace(tmp, target);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the copy's error is the one to report
            }
            String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getMessage();
            throw new HubCacheException("cannot write " + target + ": " + why, e);
        }
    }

    /**
     * Copies one cached file to {@code localDir/file} (a real file, written to a temp file and
     * renamed) and returns that path; {@code file} is the repo path, checked like a server name.
     */
    public static Path exportFile(Path cached, Path localDir, String file) {
        SafePaths.check(file, "file name");
        Path target = SafePaths.resolveUnder(localDir, file, "file name");
        copyInto(cached, target, localDir);
        return target;
    }

    private JsonNode getJson(URI url, RepoRef repo, String rev, boolean cacheCanAnswer) {
        try (ClassicHttpResponse resp = http.open("GET", url, Map.of("Accept", "application/json"), null,
                "info of " + repo, cacheCanAnswer)) {
            if (resp.getCode() >= 400) {
                throw HubErrors.of(resp, repo, rev, null, settings.token() != null);
            }
            try (InputStream in = resp.getEntity().getContent()) {
                return JSON.readTree(in);
            }
        } catch (IOException e) {
            throw new HubTransportException("reading info of " + repo + " failed: " + e.getMessage(), e);
        }
    }

    URI resolveUrl(RepoRef repo, String file, String rev) {
        StringBuilder path = new StringBuilder();
        for (String seg : file.split("/")) {
            path.append('/').append(encode(seg));
        }
        return URI.create(settings.endpoint() + "/" + repo.type().urlPrefix() + repo.id() + "/resolve/" + encode(rev)
                + path);
    }

    private URI apiUrl(RepoRef repo, String suffix) {
        return URI.create(settings.endpoint() + "/api/" + repo.type().plural() + "/" + repo.id() + suffix);
    }

    static String encode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '-' || c == '_' || c == '*';
            if (!plain) {
                return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
            }
        }
        // what URLEncoder leaves as it is (most file names and every commit): no encoder, no copy
        return s;
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            LOG.debug("closing HTTP client: {}", e.getMessage());
        }
    }
}
