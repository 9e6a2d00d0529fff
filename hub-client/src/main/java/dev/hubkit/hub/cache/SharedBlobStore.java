package dev.hubkit.hub.cache;

import dev.hubkit.hub.HubCacheException;
import dev.hubkit.hub.PlainReasons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * huggingface_hub 2.0's cache-wide store of Xet files ({@code <cache>/blobs/<2 hex>/<xet hash>}, marked by
 * {@code blobs/.huggingface-shared-blobs}): a repo's {@code blobs/<etag>} may be a symlink to a payload there,
 * which several repos share, and {@code <xet hash>.refs} lists those symlinks ({@code models--org--name/blobs/<etag>},
 * one a line). Deleting a repo blob that links there frees nothing by itself: {@link #sweep} then deletes the
 * payload once no listed symlink points to it any more, as huggingface_hub's {@code sweep_shared_blob} does (under
 * the payload's {@code <xet hash>.lock}; a missing or unreadable list keeps the payload).
 */
public final class SharedBlobStore {

    private static final Logger LOG = LoggerFactory.getLogger(SharedBlobStore.class);
    /** The store's folder under the cache root. */
    public static final String DIR = "blobs";
    private static final String MARKER = ".huggingface-shared-blobs";
    private static final String LAYOUT = "1\n";
    private static final Pattern XET_HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern REPO_DIR = Pattern.compile("(?:datasets|kernels|models|spaces)--.+");
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);
    /** Paths already reported as unreadable in this process. */
    private static final java.util.Set<Path> REPORTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path root;
    private final Path store;

    /** The store of the cache at {@code cacheRoot} (which may have none). */
    public SharedBlobStore(Path cacheRoot) {
        this.root = cacheRoot.toAbsolutePath().normalize();
        this.store = root.resolve(DIR);
    }

    /**
     * Whether the cache has a store huggingface_hub would use: the folder with its marker, layout 1. Only a missing
     * folder or marker means there is none (and a marker of another layout, or that is not a regular file, one
     * hubkit does not use).
     *
     * @throws HubCacheException when the folder or the marker is there but cannot be read (permissions, not UTF-8
     *                           text): callers must not act as if the cache had no store, since its payloads would then
     *                           be taken for something else (deleted, or counted twice)
     */
    public boolean exists() {
        Path marker = store.resolve(MARKER);
        try {
            if (!Files.readAttributes(store, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()
                    || !Files.readAttributes(marker, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .isRegularFile()) {
                return false;
            }
            return Files.readString(marker, StandardCharsets.UTF_8).equals(LAYOUT);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new HubCacheException("cannot read " + marker + " (" + PlainReasons.of(e) + "), the marker of"
                    + " huggingface_hub's shared blob store: make it readable by this user (or, if the file is"
                    + " damaged, write it again with the single line 1) and run the command again", e);
        }
    }

    /**
     * The payload a repo blob links to, when it is a symlink into the store ({@code <repo folder>/blobs/<name>}
     * to {@code blobs/<hh>/<hash>} with {@code hh} its first two digits) and the payload is a regular file. Empty
     * when the blob or the payload is not there, or is something else; only a path that does not exist is absent.
     *
     * @throws IOException when the blob or the payload cannot be read (a folder this user may not search, a loop):
     *                     such a blob must be neither taken for an ordinary one nor deleted as one; the caller reports
     *                     it (once: {@link #reportUnreadable} where nothing else does)
     */
    public Optional<Path> payloadOf(Path repoBlob) throws IOException {
        Path blob = repoBlob.toAbsolutePath().normalize();
        if (!isRepoBlob(blob)) {
            return Optional.empty();
        }
        Optional<Path> target = payloadTarget(blob);
        if (target.isEmpty() || !isPayload(target.get())) {
            return Optional.empty();
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(target.get(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return a.isRegularFile() ? target : Optional.empty();
    }

    /**
     * Logs, once per path in this process, that a repo blob or a payload of the store could not be read and is kept:
     * for the callers that have no report of their own to put it in (prune, a sweep).
     */
    public static void reportUnreadable(Path path, IOException e) {
        if (REPORTED.add(path.toAbsolutePath().normalize())) {
            LOG.warn("cannot read {}: {}; kept: check its permissions", path, PlainReasons.of(e));
        } else {
            LOG.debug("cannot read {}: {}", path, e.toString());
        }
    }

    /**
     * Deletes {@code payload} (and its reference list) when no repo blob its list names links to it any more.
     *
     * @return the bytes freed: the payload's size, or 0 when it is still used, or its list is missing or unreadable
     */
    @SuppressWarnings("try") // the lock is held for the duration of the block
    public long sweep(Path payload) {
        Path p = payload.toAbsolutePath().normalize();
        if (!exists() || !isPayload(p)) {
            return 0;
        }
        Path refs = p.resolveSibling(p.getFileName() + ".refs");
        try (BlobLock lock = BlobLock.acquire(p.resolveSibling(p.getFileName() + ".lock"), LOCK_WAIT)) {
            if (!Files.isRegularFile(refs, LinkOption.NOFOLLOW_LINKS)
                    || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                return 0;
            }
            List<String> lines = Files.readAllLines(refs, StandardCharsets.UTF_8);
            for (String line : lines) {
                if (stillLinks(line, p)) {
                    return 0;
                }
            }
            // every listed link is gone (its path does not exist) or points elsewhere: no read failed
            long size = Files.size(p);
            Files.delete(p);
            Files.deleteIfExists(refs);
            LOG.debug("deleted shared blob {}: no repo links to it any more", p);
            return size;
        } catch (IOException e) {
            reportUnreadable(p, e);
            return 0;
        } catch (RuntimeException e) {
            LOG.warn("keeping shared blob {}: {}", p, PlainReasons.of(e));
            return 0;
        }
    }

    /** Every payload of the store ({@code <hh>/<hash>} regular files), sorted; none when the cache has no store. */
    public List<Path> payloads() {
        List<Path> out = new java.util.ArrayList<>();
        if (!exists()) {
            return out;
        }
        try (java.util.stream.Stream<Path> prefixes = Files.list(store)) {
            for (Path prefix : (Iterable<Path>) prefixes::iterator) {
                if (!Files.isDirectory(prefix, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (java.util.stream.Stream<Path> files = Files.list(prefix)) {
                    files.filter(f -> isPayload(f) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                            .forEach(out::add);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list shared blob store {}: {}", store, e.getMessage());
        }
        out.sort(null);
        return out;
    }

    /**
     * Whether a reference line names a repo blob that is a symlink to {@code payload}.
     *
     * @throws IOException when the named path cannot be read (only a path that does not exist is no link)
     */
    private boolean stillLinks(String line, Path payload) throws IOException {
        if (line.isEmpty() || line.startsWith("/") || line.contains("\\") || line.contains("\0")) {
            return false;
        }
        Path candidate = root.resolve(line).normalize();
        if (!candidate.startsWith(root) || !isRepoBlob(candidate)) {
            return false;
        }
        return payloadTarget(candidate).map(payload::equals).orElse(false);
    }

    /**
     * Where the link at {@code blob} points; empty when nothing is there, or something that is not a link (read
     * without following links).
     *
     * @throws IOException for any other failure to read it (a folder this user may not search, a loop): the caller
     *                     must then not take the path for "no link"
     */
    private static Optional<Path> payloadTarget(Path blob) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(blob, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!a.isSymbolicLink()) {
            return Optional.empty();
        }
        return Optional.of(blob.getParent().resolve(Files.readSymbolicLink(blob)).normalize());
    }

    /** {@code <root>/<repo folder>/blobs/<name>}. */
    private boolean isRepoBlob(Path blob) {
        if (!blob.startsWith(root) || root.relativize(blob).getNameCount() != 3) {
            return false;
        }
        Path rel = root.relativize(blob);
        return REPO_DIR.matcher(rel.getName(0).toString()).matches() && rel.getName(1).toString().equals("blobs");
    }

    /** {@code <store>/<hh>/<hash>}. */
    private boolean isPayload(Path p) {
        if (!p.startsWith(store) || store.relativize(p).getNameCount() != 2) {
            return false;
        }
        String prefix = store.relativize(p).getName(0).toString();
        String hash = p.getFileName().toString();
        return XET_HASH.matcher(hash).matches() && hash.startsWith(prefix) && prefix.length() == 2;
    }
}
