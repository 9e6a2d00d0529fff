package dev.hubkit.hub;

import dev.hubkit.hub.cache.BlobLock;
import dev.hubkit.hub.cache.HubCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads straight into a local folder as huggingface_hub's {@code local_dir} does (since 0.23): the
 * hub cache is not written (a file already cached at the commit is copied from it); each file's commit
 * and etag go to {@code .cache/huggingface/download/{file}.metadata} ({@link LocalDirPaths}), and a
 * later call skips a file whose metadata names the commit asked for or the remote etag (or, with no
 * metadata, a large-storage file whose sha256 is the etag). Offline, or with the hub unreachable, the
 * files already in the folder are the answer.
 */
final class LocalDirDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(LocalDirDownloader.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final String OFFLINE = "offline mode is on (HF_HUB_OFFLINE or --offline)";

    private final HubClient client;
    private final BlobDownloader downloader;
    private final HubSettings settings;
    private final HubCache cache;

    LocalDirDownloader(HubClient client, BlobDownloader downloader) {
        this.client = client;
        this.downloader = downloader;
        this.settings = client.settings();
        this.cache = client.cache();
    }

    /** One file; {@code known} (from a listing at commit {@code rev}) saves the {@code HEAD}, may be null. */
    @SuppressWarnings("try") // the lock is held for the duration of the block
    Path file(RepoRef repo, String file, String rev, Path localDir, RepoFile known, DownloadListener listener) {
        LocalDirPaths paths = LocalDirPaths.of(localDir, file, repo);
        HubClient.checkWritable(paths.filePath(), localDir);
        try {
            paths.prepare(localDir);
        } catch (IOException e) {
            throw cannotWrite(paths, e);
        }
        if (Files.isDirectory(paths.metadataPath(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // found before the download: the file would be written and its metadata could not be
            throw new HubCacheException("cannot record the download of " + file + ": " + paths.metadataPath()
                    + " is a folder, where huggingface_hub keeps the file's metadata; remove that folder and run "
                    + "again");
        }
        try (BlobLock lock = BlobLock.acquire(paths.lockPath(), Duration.ofMinutes(30),
                "the local folder " + localDir.toAbsolutePath().normalize())) {
            Optional<LocalDirMetadata> local = LocalDirMetadata.read(paths);
            boolean present = HubCache.isFile(paths.filePath());
            if (present && HubCache.isCommitHash(rev) && local.isPresent() && local.get().commit().equals(rev)) {
                paths.discardPartials(local.get().etag());
                listener.finished(file, Files.size(paths.filePath()));
                return paths.filePath();
            }
            Remote remote = null;
            String why = OFFLINE;
            HubTransportException unreachable = null;
            if (!settings.offline()) {
                try {
                    remote = remote(repo, file, rev, known);
                } catch (HubTransportException e) {
                    unreachable = e;
                    why = "the hub could not be reached (" + e.getMessage() + ")";
                }
            }
            if (remote == null) {
                // as huggingface_hub: the file in the folder is the answer when the hub cannot be asked
                if (present) {
                    LOG.debug("using {} as it is: {}", paths.filePath(), why);
                    listener.finished(file, Files.size(paths.filePath()));
                    return paths.filePath();
                }
                throw new LocalEntryNotFoundException("file " + file + " of " + repo + "@" + rev + " is not in "
                        + localDir.toAbsolutePath().normalize() + " and " + why + "; download it once while online",
                        unreachable);
            }
            FileMetadata meta = remote.meta();
            if (present && upToDate(paths, local, meta)) {
                LocalDirMetadata.write(paths, meta.commit(), meta.etag());
                paths.discardPartials(meta.etag());
                listener.finished(file, meta.size());
                return paths.filePath();
            }
            Optional<Path> cached = cache.cachedFile(repo, meta.commit(), file);
            if (cached.isPresent()) {
                copy(cached.get(), paths);
                listener.finished(file, meta.size());
            } else {
                Files.deleteIfExists(paths.filePath());
                downloader.download(meta, remote.check(), paths.partBase(meta.etag()), paths.filePath(), file, listener,
                        resp -> HubErrors.of(resp, repo, rev, file, settings.token() != null));
            }
            LocalDirMetadata.write(paths, meta.commit(), meta.etag());
            paths.discardPartials(meta.etag());
            return paths.filePath();
        } catch (IOException e) {
            throw cannotWrite(paths, e);
        }
    }

    /** What the hub says of the file, and how its body is checked. */
    private record Remote(FileMetadata meta, ContentCheck check) {
    }

    private Remote remote(RepoRef repo, String file, String rev, RepoFile known) {
        if (known != null && known.size() >= 0) {
            String lfs = known.lfsSha256();
            String etag = lfs != null ? lfs : known.oid();
            ContentCheck check = lfs != null ? (HubClient.isLowerHex(lfs, 64) ? ContentCheck.SHA256 : null)
                    : (HubClient.isLowerHex(etag, 40) ? ContentCheck.GIT_BLOB_SHA1 : null);
            if (check != null) {
                return new Remote(new FileMetadata(rev, etag, known.size(), client.resolveUrl(repo, file, rev)), check);
            }
        }
        FileMetadata meta = client.metadata(repo, file, rev, false, false);
        return new Remote(meta, ContentCheck.forHeadEtag(meta.etag()));
    }

    /**
     * Whether the file in the folder is the remote one: its metadata names the etag, or (no metadata)
     * the etag is a sha256 and the file hashes to it.
     */
    private static boolean upToDate(LocalDirPaths paths, Optional<LocalDirMetadata> local, FileMetadata meta)
            throws IOException {
        if (local.isPresent()) {
            return local.get().etag().equals(meta.etag());
        }
        return meta.isSha256() && sha256(paths.filePath()).equals(meta.etag());
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        byte[] buf = new byte[BlobDownloader.READ_BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void copy(Path cached, LocalDirPaths paths) throws IOException {
        Path tmp = paths.partBase("copy-" + Long.toHexString(System.nanoTime()));
        try {
            Files.copy(cached, tmp);
            HubCache.moveIntoPlace(tmp, paths.filePath());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A snapshot into {@code localDir}: every listed file that the patterns select, with
     * {@code workers} in parallel; returns the folder. Offline or with the hub unreachable, the folder as
     * it is, after checking that each file recorded in its metadata (and selected) is there.
     */
    Path snapshot(RepoRef repo, String rev, SnapshotOptions options, Path localDir) {
        if (settings.offline()) {
            return existing(repo, rev, options, localDir, OFFLINE);
        }
        HubClient.Listing listing;
        try {
            listing = client.listing(repo, rev, false);
        } catch (HubTransportException e) {
            return existing(repo, rev, options, localDir, "the hub could not be reached (" + e.getMessage() + ")");
        }
        String commit = listing.info().sha();
        try {
            // as huggingface_hub's snapshot_download: the branch's commit is recorded in the cache even for a local dir
            cache.writeRef(repo, rev, commit);
        } catch (RuntimeException e) {
            LOG.debug("cannot record {}@{} in the cache: {}", repo, rev, e.getMessage());
        }
        if (listing.files().size() == listing.info().siblings().size()
                && listing.files().values().stream().allMatch(f -> f.oid() != null)) {
            // as snapshot_download(local_dir=...): the commit's listing in LOCAL/.cache/huggingface/trees/
            TreeCache.write(localDir.toAbsolutePath().normalize().resolve(LocalDirPaths.HF_DIR), commit,
                    listing.files().values());
        }
        Globs.Selection selection = Globs.selection(options.allowPatterns(), options.ignorePatterns());
        List<String> wanted = listing.info().siblings().stream().filter(selection::accepts).toList();
        List<Supplier<Path>> jobs = new ArrayList<>();
        for (String f : wanted) {
            jobs.add(() -> file(repo, f, commit, localDir, listing.files().get(f), options.listener()));
        }
        ParallelFiles.run(jobs, options.workers(), "snapshot download of " + repo);
        return localDir.toAbsolutePath().normalize();
    }

    /**
     * The folder as it is, when every selected file that its download metadata records, or that the
     * tree listing huggingface_hub keeps there for the commit ({@code .cache/huggingface/trees/{commit}.json},
     * the commit being the revision or what the cache's ref says of it) names, is there.
     */
    private Path existing(RepoRef repo, String rev, SnapshotOptions options, Path localDir, String why) {
        Path dir = localDir.toAbsolutePath().normalize();
        Path downloads = LocalDirPaths.downloadDir(dir);
        Optional<String> commit = cache.resolveRevision(repo, rev);
        List<String> recorded = new ArrayList<>(treeListing(dir, commit));
        if (Files.isDirectory(downloads)) {
            try (Stream<Path> walk = Files.walk(downloads)) {
                walk.filter(p -> p.getFileName().toString().endsWith(".metadata") && !p.getFileName().toString()
                        .startsWith(".tmp-") && Files.isRegularFile(p)).forEach(p -> {
                            String rel = downloads.relativize(p).toString().replace('\\', '/');
                            recorded.add(rel.substring(0, rel.length() - ".metadata".length()));
                        });
            } catch (IOException e) {
                throw new HubCacheException("cannot list " + downloads + ": " + e.getMessage(), e);
            }
        }
        boolean any = false;
        List<String> missing = new ArrayList<>();
        Globs.Selection selection = Globs.selection(options.allowPatterns(), options.ignorePatterns());
        for (String f : recorded.stream().sorted().distinct().toList()) {
            if (!selection.accepts(f)) {
                continue;
            }
            if (!HubCache.isFile(dir.resolve(f))) {
                missing.add(f);
            }
            any = true;
        }
        if (!missing.isEmpty()) {
            // huggingface_hub's IncompleteSnapshotError, worded as there
            throw new IncompleteSnapshotException(repo, rev, commit.orElse(null), dir, missing, why);
        }
        if (!any && !hasFiles(dir)) {
            throw new LocalEntryNotFoundException("no files of " + repo + "@" + rev + " in " + dir + " and " + why
                    + "; download them once while online");
        }
        return dir;
    }

    /** The files of huggingface_hub's cached tree listing of {@code commit} in the folder, if it has one. */
    private static List<String> treeListing(Path dir, Optional<String> commit) {
        if (commit.isEmpty()) {
            return List.of();
        }
        Path tree = dir.resolve(LocalDirPaths.HF_DIR).resolve("trees").resolve(commit.get() + ".json");
        if (!HubCache.isFile(tree)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try {
            JSON.readTree(tree.toFile()).path("files").fieldNames().forEachRemaining(f -> {
                if (SafePaths.isSafe(f)) {
                    names.add(f);
                }
            });
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", tree, e.getMessage());
        }
        return names;
    }

    private static boolean hasFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private static HubCacheException cannotWrite(LocalDirPaths paths, IOException e) {
        String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                ? f.getFile() + ": " + f.getReason() : e.getMessage();
        if (HubCache.isNameTooLong(e)) {
            return new HubCacheException("cannot write " + paths.filePath() + " (" + why + "); the name is too long "
                    + "for the file system of the local folder (most allow 255 bytes per name, and the metadata "
                    + "huggingface_hub keeps for it adds '.metadata'): use a file system that allows longer names", e);
        }
        return new HubCacheException("cannot write " + paths.filePath() + " (" + why + "); check free space and "
                + "permissions of the local folder, and that no folder or file of that name is in the way", e);
    }
}
