package dev.hubkit.hub;

import dev.hubkit.hub.cache.HubCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one blob into {@code blobs/{etag}.incomplete}, resuming with {@code Range} after
 * dropped connections, checking the size and (for sha256 etags) the hash, then renaming it into
 * place. Large files go through {@link ChunkedDownload}. Nothing unchecked ever reaches the blob path.
 */
final class BlobDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(BlobDownloader.class);
    static final int BUFFER = 1 << 20;
    /**
     * Read size for bodies: 256 KB keeps the bytes of one read in the CPU's L2 cache while they are
     * copied out of the socket, written to the file and hashed (1 MB reads spilled to L3 and memory).
     */
    static final int READ_BUFFER = 256 << 10;
    /**
     * Bytes handed to the hasher thread at a time for large bodies: whole blocks filled by several
     * reads (a socket read returns at most 128 KB, a TLS read one 16 KB record), so the hasher wakes up
     * once per block instead of once per read, and a block still fits in the CPU's L2 cache when it is
     * hashed (1 MB blocks measured slower).
     */
    static final int HASH_BLOCK = 256 << 10;

    private final HubHttp http;
    private final HubSettings settings;

    BlobDownloader(HubHttp http, HubSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    /**
     * Downloads the body described by {@code meta} into {@code blob} (caller holds the blob lock),
     * checking as {@code check} says. A final refusal of the body's request (a 4xx answer other than a
     * request timeout or too many requests: the file, revision or repo is gone, or access was withdrawn)
     * is not retried: it is thrown as {@code refusal} maps the response.
     */
    void download(FileMetadata meta, ContentCheck check, Path blob, String what, DownloadListener listener,
                  Function<ClassicHttpResponse, ? extends RuntimeException> refusal) throws IOException {
        download(meta, check, blob, blob, what, listener, refusal);
    }

    /**
     * Like {@link #download(FileMetadata, ContentCheck, Path, String, DownloadListener, Function)}, with the
     * partial files named after {@code partBase} ({@code {partBase}.incomplete} and the chunk files) instead
     * of after the target: a local-dir download keeps them under {@code .cache/huggingface/download/}, as
     * huggingface_hub does. {@code partBase} must be on the same file system as {@code target}.
     */
    void download(FileMetadata meta, ContentCheck check, Path partBase, Path target, String what,
                  DownloadListener listener, Function<ClassicHttpResponse, ? extends RuntimeException> refusal)
            throws IOException {
        if (meta.size() >= settings.chunkThreshold() && settings.chunkWorkers() > 1) {
            HubCache.ensureDirectory(partBase.getParent());
            if (!check.hashes()) {
                // parts an earlier run left cannot be checked: start afresh, as huggingface_hub 2.0 always does
                discardPartials(partBase);
            }
            if (new ChunkedDownload(this, meta, check, partBase, target, what, listener, refusal).run()) {
                return;
            }
            LOG.debug("server ignores ranges for {}, falling back to one stream", what);
        }
        sequential(meta, check, partBase, target, what, listener, refusal);
    }

    /**
     * Deletes what downloads of {@code blob} left behind ({@code .incomplete}, and the part file and
     * progress record of parallel chunks), once the blob is complete; the caller holds the blob lock.
     */
    static void discardPartials(Path blob) {
        for (String suffix : new String[]{".incomplete", ".chunks.incomplete", ".chunks.progress"}) {
            try {
                Files.deleteIfExists(blob.resolveSibling(blob.getFileName() + suffix));
            } catch (IOException e) {
                LOG.debug("cannot delete a leftover part of {}: {}", blob, e.getMessage());
            }
        }
    }

    /** Whether an answer to a body's request is final: a 4xx other than 408 (timeout) and 429 (too many requests). */
    static boolean isRefusal(int code) {
        return code >= 400 && code < 500 && code != 408 && code != 429;
    }

    private void sequential(FileMetadata meta, ContentCheck check, Path partBase, Path blob, String what,
                            DownloadListener listener, Function<ClassicHttpResponse, ? extends RuntimeException> refusal)
            throws IOException {
        Path part = partBase.resolveSibling(partBase.getFileName() + ".incomplete");
        MessageDigest digest = check.start(meta.size());
        long hashed = 0;
        int failures = 0;
        String lastProblem = null;
        boolean firstTry = true;
        while (true) {
            long have = sizeOrCreate(part);
            if (have > meta.size() || (firstTry && have > 0 && digest == null)) {
                // too long, or left by an earlier run (another version of the file, a killed process) with no hash
                // to tell whether its bytes are this file's: huggingface_hub 2.0 never resumes such a partial
                LOG.debug("not resuming {} from {} bytes of {}", what, have, part);
                Files.delete(part);
                have = sizeOrCreate(part);
            }
            firstTry = false;
            if (digest != null && hashed != have) {
                check.restart(digest, meta.size());
                hashed = hashPrefix(part, have, digest);
            }
            listener.started(what, meta.size(), have);
            boolean clean = false;
            try {
                if (have < meta.size() || meta.size() == 0) {
                    have = fetchInto(meta, part, have, digest, what, listener, refusal);
                    hashed = have;
                }
                clean = true;
            } catch (InterruptedIOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                lastProblem = "read timed out: " + PlainReasons.of(e);
            } catch (CacheWriteException e) {
                throw e; // the disk, not the connection: retrying would fail again
            } catch (IOException e) {
                lastProblem = PlainReasons.of(e);
            } catch (RangeIgnored e) {
                Files.deleteIfExists(part);
                hashed = 0;
                check.restart(digest, meta.size());
                continue;
            }
            if (clean) {
                // the file's size: what was in it plus what was appended since (no other writer while the
                // blob lock is held), so no stat is needed
                long got = have;
                String problem = null;
                if (got != meta.size()) {
                    problem = "size " + got + " instead of " + meta.size();
                } else if (digest != null) {
                    String hex = HexFormat.of().formatHex(digest.digest());
                    hashed = -1;
                    if (!hex.equals(meta.etag())) {
                        problem = check.label() + " " + hex + " instead of " + meta.etag();
                    }
                }
                if (problem == null) {
                    HubCache.moveIntoPlace(part, blob);
                    listener.finished(what, meta.size());
                    return;
                }
                Files.deleteIfExists(part);
                lastProblem = problem;
                failures++;
                if (failures > settings.maxRetries()) {
                    throw new CorruptDownloadException("download of " + what + " was corrupt (" + problem + ") after "
                            + failures + " attempts; nothing was cached. The server or a proxy is serving bad data");
                }
                // debug, not warn: a failure is one line of the CLI's, and a retry that succeeds needs no words
                LOG.debug("download of {} was corrupt ({}); retrying from scratch", what, problem);
            } else {
                failures++;
                if (failures > settings.maxRetries()) {
                    throw new HubTransportException("download of " + what + " kept failing (" + lastProblem + ") after "
                            + failures + " attempts; run the command again to resume from "
                            + (Files.exists(part) ? Files.size(part) : 0) + " bytes");
                }
                LOG.debug("download of {} interrupted ({}); resuming", what, lastProblem);
            }
            http.sleep(http.backoffMs(failures), "download of " + what);
        }
    }

    /**
     * Size of {@code file}, creating it empty (and its folder) when missing: one system call in the
     * common cases.
     */
    static long sizeOrCreate(Path file) throws IOException {
        try {
            Files.createFile(file);
            return 0;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return Files.size(file);
        } catch (java.nio.file.NoSuchFileException e) {
            Files.createDirectories(file.getParent());
            return sizeOrCreate(file);
        }
    }

    /** Signals a 200 answer to a ranged request: the partial file must be dropped. */
    static final class RangeIgnored extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RangeIgnored() {
            super(null, null, false, false);
        }
    }

    private long fetchInto(FileMetadata meta, Path part, long have, MessageDigest digest, String what,
                           DownloadListener listener, Function<ClassicHttpResponse, ? extends RuntimeException> refusal)
            throws IOException {
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept-Encoding", "identity");
        if (have > 0) {
            headers.put("Range", "bytes=" + have + "-");
        }
        try (ClassicHttpResponse resp = openFollowing(meta.location(), headers, what)) {
            int code = resp.getCode();
            if (code == 416 && have == meta.size()) {
                return have;
            }
            if (have > 0 && (code == 200 || code == 416)) {
                // the whole body, or a range past the end: the file changed on the server; start again
                EntityUtils.consumeQuietly(resp.getEntity());
                throw new RangeIgnored();
            }
            if (isRefusal(code)) {
                throw refusal.apply(resp);
            }
            if (code != 200 && code != 206) {
                throw new IOException("HTTP " + code + " while downloading");
            }
            if (code == 206) {
                long start = contentRangeStart(HubHttp.header(resp, "Content-Range"));
                if (start != have) {
                    EntityUtils.consumeQuietly(resp.getEntity());
                    throw new RangeIgnored();
                }
            }
            if (resp.getEntity() == null) {
                return have;
            }
            try (InputStream in = resp.getEntity().getContent();
                 FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         StandardOpenOption.APPEND);
                 PipelinedDigest hasher = new PipelinedDigest(digest, bufferFor(meta.size() - have), meta.size() - have)) {
                have = pump(in, out, hasher, have, meta.size(), what, listener);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("download of " + what + " was interrupted");
            }
            return have;
        } catch (CorruptBody e) {
            return e.written;
        }
    }

    /**
     * Size of the blocks handed to the hasher for {@code remaining} bytes: small files get one small
     * buffer (no zeroing of unused bytes), large ones blocks of {@link #HASH_BLOCK}.
     */
    static int bufferFor(long remaining) {
        return (int) Math.max(16 << 10, Math.min(HASH_BLOCK, remaining + 1));
    }

    /**
     * Copies the body into {@code out} and through {@code hasher}: every read is written at once
     * (its bytes are still in the CPU caches), and the hasher gets whole blocks, so its thread wakes
     * up once per block instead of once per read. Returns the new size of the file.
     */
    private static long pump(InputStream in, FileChannel out, PipelinedDigest hasher, long have, long limit, String what,
                             DownloadListener listener) throws IOException, InterruptedException {
        boolean eof = false;
        boolean overflow = false;
        while (!eof) {
            byte[] buf = hasher.buffer();
            int fill = 0;
            while (fill < buf.length) {
                int n = in.read(buf, fill, Math.min(READ_BUFFER, buf.length - fill));
                if (n < 0) {
                    eof = true;
                    break;
                }
                if (have + n > limit) {
                    overflow = true;
                    eof = true;
                    break;
                }
                CacheWriteException.appendFully(out, ByteBuffer.wrap(buf, fill, n), what);
                fill += n;
                have += n;
                listener.progress(what, n);
            }
            // on an overflow too: the digest gets every byte that is in the file, as the size check expects
            if (fill > 0) {
                hasher.submit(buf, fill);
            } else {
                hasher.release(buf);
            }
        }
        if (overflow) {
            throw new CorruptBody("the server sent more than the announced " + limit + " bytes", have);
        }
        return have;
    }

    /** Body overflow: treated as a corrupt download by the size check. */
    private static final class CorruptBody extends IOException {
        private static final long serialVersionUID = 1L;
        /** Size of the file when the overflow was found. */
        final long written;

        CorruptBody(String m, long written) {
            super(m);
            this.written = written;
        }
    }

    /** GET with manual redirects; the token goes only to the endpoint's host. */
    ClassicHttpResponse openFollowing(URI url, Map<String, String> headers, String what) {
        URI current = url;
        for (int hop = 0; hop < 10; hop++) {
            ClassicHttpResponse resp = http.open("GET", current, headers, null, "download of " + what);
            int code = resp.getCode();
            if (code >= 300 && code < 400 && HubHttp.header(resp, "Location") != null) {
                URI next = current.resolve(HubHttp.header(resp, "Location"));
                EntityUtils.consumeQuietly(resp.getEntity());
                closeQuietly(resp);
                if (next.getHost() == null || !("http".equalsIgnoreCase(next.getScheme())
                        || "https".equalsIgnoreCase(next.getScheme()))) {
                    // retrying cannot help: the server means it
                    throw new HubTransportException("the server redirected the download of " + what
                            + " to an unsupported URL (" + HubHttp.redact(next) + "); only http(s) URLs with a host"
                            + " are followed");
                }
                current = next;
                continue;
            }
            return resp;
        }
        throw new HubTransportException("too many redirects while downloading " + what);
    }

    static void closeQuietly(ClassicHttpResponse r) {
        try {
            r.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    static long contentRangeStart(String contentRange) {
        if (contentRange == null) {
            return -1;
        }
        String v = contentRange.strip();
        int sp = v.indexOf(' ');
        int dash = v.indexOf('-');
        if (sp < 0 || dash < sp) {
            return -1;
        }
        try {
            return Long.parseLong(v.substring(sp + 1, dash).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static long hashPrefix(Path file, long length, MessageDigest digest) throws IOException {
        if (length == 0) {
            return 0;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
            long done = 0;
            while (done < length) {
                buf.clear();
                if (length - done < buf.capacity()) {
                    buf.limit((int) (length - done));
                }
                int n = ch.read(buf, done);
                if (n < 0) {
                    break;
                }
                buf.flip();
                digest.update(buf);
                done += n;
            }
            return done;
        }
    }

    HubHttp http() {
        return http;
    }

    HubSettings settings() {
        return settings;
    }
}
