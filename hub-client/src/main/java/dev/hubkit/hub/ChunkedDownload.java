package dev.hubkit.hub;

import dev.hubkit.hub.cache.HubCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Parallel ranged download of one large blob (as hf_transfer does). Chunks write in place into
 * {@code {etag}.chunks.incomplete}; {@code {etag}.chunks.progress} records how far each chunk got,
 * so every chunk resumes on its own. The names differ from huggingface_hub's {@code .incomplete}
 * so a Python process never appends to a pre-sized file.
 */
final class ChunkedDownload {

    private final BlobDownloader owner;
    private final FileMetadata meta;
    private final ContentCheck check;
    private final Path blob;
    /** What the partial files are named after: the blob in the cache, a per-file name in a local dir. */
    private final Path partBase;
    private final Path part;
    private final Path progressFile;
    private final String what;
    private final DownloadListener listener;
    private final Function<ClassicHttpResponse, ? extends RuntimeException> refusal;
    private final long chunk;
    private final long[] done;
    private final AtomicBoolean rangeIgnored = new AtomicBoolean();
    private volatile PrefixHasher hasher;

    ChunkedDownload(BlobDownloader owner, FileMetadata meta, ContentCheck check, Path partBase, Path blob, String what,
                    DownloadListener listener, Function<ClassicHttpResponse, ? extends RuntimeException> refusal) {
        this.owner = owner;
        this.meta = meta;
        this.check = check;
        this.partBase = partBase;
        this.blob = blob;
        this.part = partBase.resolveSibling(partBase.getFileName() + ".chunks.incomplete");
        this.progressFile = partBase.resolveSibling(partBase.getFileName() + ".chunks.progress");
        this.what = what;
        this.listener = listener;
        this.refusal = refusal;
        this.chunk = owner.settings().chunkSize();
        this.done = new long[(int) ((meta.size() + chunk - 1) / chunk)];
    }

    /** Runs the download; false when the server ignores ranges (caller falls back to one stream). */
    boolean run() throws IOException {
        loadProgress();
        long have = 0;
        for (long d : done) {
            have += d;
        }
        listener.started(what, meta.size(), have);
        int corrupt = 0;
        while (true) {
            String hex = null;
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ)) {
                if (ch.size() != meta.size()) {
                    ch.truncate(meta.size());
                    if (ch.size() < meta.size()) {
                        CacheWriteException.writeFully(ch, ByteBuffer.wrap(new byte[1]), meta.size() - 1, what);
                    }
                }
                // the hash of the completed prefix is computed while the later chunks still download
                try (PrefixHasher hasher = check.hashes()
                        ? new PrefixHasher(ch, check.start(meta.size()), this::completePrefix) : null) {
                    this.hasher = hasher;
                    fetchAll(ch);
                    if (!rangeIgnored.get() && hasher != null && ch.size() == meta.size()) {
                        hex = HexFormat.of().formatHex(hasher.finish(meta.size()));
                    }
                } finally {
                    this.hasher = null;
                }
            }
            if (rangeIgnored.get()) {
                Files.deleteIfExists(part);
                Files.deleteIfExists(progressFile);
                return false;
            }
            String problem = null;
            if (Files.size(part) != meta.size()) {
                problem = "size " + Files.size(part) + " instead of " + meta.size();
            } else if (check.hashes() && !meta.etag().equals(hex)) {
                problem = check.label() + " " + hex + " instead of " + meta.etag();
            }
            if (problem == null) {
                HubCache.moveIntoPlace(part, blob);
                Files.deleteIfExists(progressFile);
                listener.finished(what, meta.size());
                return true;
            }
            Files.deleteIfExists(part);
            Files.deleteIfExists(progressFile);
            java.util.Arrays.fill(done, 0);
            if (++corrupt > owner.settings().maxRetries()) {
                throw new CorruptDownloadException("download of " + what + " was corrupt (" + problem
                        + "); nothing was cached. The server or a proxy is serving bad data");
            }
            // starts again from nothing: the bytes reported for the corrupt round no longer count
            listener.started(what, meta.size(), 0);
        }
    }

    private void fetchAll(FileChannel ch) throws IOException {
        int workers = Math.min(owner.settings().chunkWorkers(), done.length);
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "hubkit-chunk");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        boolean interrupted = false;
        Throwable failure = null;
        try {
            // the first failure, whichever chunk has it, stops the others at once
            java.util.concurrent.CompletionService<Object> finished =
                    new java.util.concurrent.ExecutorCompletionService<>(pool);
            for (int i = 0; i < done.length; i++) {
                int idx = i;
                futures.add(finished.submit(() -> {
                    fetchChunk(ch, idx);
                    return null;
                }));
            }
            for (int n = 0; n < futures.size(); n++) {
                try {
                    finished.take().get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    if (c instanceof Error err) {
                        throw err;
                    }
                    throw new HubTransportException("download of " + what + " failed: " + PlainReasons.of(c), c);
                } catch (InterruptedException e) {
                    // the flag is set again once the workers have stopped (an interrupted wait would not wait)
                    interrupted = true;
                    throw new HubTransportException("download of " + what + " was interrupted", e);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            // the other chunks stop before the file is closed and its progress saved: none writes after this returns
            interrupted |= Thread.interrupted();
            WorkerPools.stop(pool, futures, WorkerPools.STOP_WAIT, "download of " + what);
            try {
                saveProgress();
            } catch (IOException e) {
                // the chunk's failure is what the user must see; not saving the progress only costs a resume
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void fetchChunk(FileChannel ch, int i) throws IOException {
        long begin = (long) i * chunk;
        long end = Math.min(meta.size(), begin + chunk);
        int failures = 0;
        byte[] buf = new byte[BlobDownloader.READ_BUFFER];
        long sinceSave = 0;
        while (begin + done[i] < end && !rangeIgnored.get()) {
            long from = begin + done[i];
            Map<String, String> headers = Map.of("Range", "bytes=" + from + "-" + (end - 1),
                    "Accept-Encoding", "identity");
            try (ClassicHttpResponse resp = owner.openFollowing(meta.location(), headers, what)) {
                if (resp.getCode() == 200) {
                    EntityUtils.consumeQuietly(resp.getEntity());
                    rangeIgnored.set(true);
                    return;
                }
                if (BlobDownloader.isRefusal(resp.getCode()) && resp.getCode() != 416) {
                    throw refusal.apply(resp);
                }
                if (resp.getCode() != 206 || BlobDownloader.contentRangeStart(HubHttp.header(resp, "Content-Range")) != from) {
                    throw new IOException("HTTP " + resp.getCode() + " for a ranged request");
                }
                try (InputStream in = resp.getEntity().getContent()) {
                    int n;
                    while ((n = in.read(buf, 0, (int) Math.min(buf.length, end - begin - done[i]))) > 0) {
                        CacheWriteException.writeFully(ch, ByteBuffer.wrap(buf, 0, n), begin + done[i], what);
                        synchronized (done) {
                            done[i] += n;
                        }
                        PrefixHasher h = hasher;
                        if (h != null && begin + done[i] >= end) {
                            h.advanced();
                        }
                        listener.progress(what, n);
                        sinceSave += n;
                        if (sinceSave >= (8L << 20)) {
                            saveProgress();
                            sinceSave = 0;
                        }
                        if (begin + done[i] >= end) {
                            break;
                        }
                    }
                }
            } catch (CacheWriteException e) {
                saveProgress();
                throw e; // the disk, not the connection: retrying would fail again
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                if (++failures > owner.settings().maxRetries()) {
                    saveProgress();
                    throw new HubTransportException("chunk " + i + " of " + what + " kept failing (" + e.getMessage()
                            + "); run again to resume");
                }
                owner.http().sleep(owner.http().backoffMs(failures), "download of " + what);
            }
        }
    }

    /** Bytes from offset 0 that are written: every complete chunk, then the start of the first incomplete one. */
    private long completePrefix() {
        synchronized (done) {
            long prefix = 0;
            for (int i = 0; i < done.length; i++) {
                long length = Math.min(chunk, meta.size() - (long) i * chunk);
                if (done[i] < length) {
                    return prefix + done[i];
                }
                prefix += length;
            }
            return prefix;
        }
    }

    private void loadProgress() throws IOException {
        if (!Files.exists(part) || !Files.exists(progressFile)) {
            Files.deleteIfExists(part);
            adoptPlainPart();
            return;
        }
        List<String> lines = Files.readAllLines(progressFile);
        if (lines.size() != done.length + 1 || !lines.get(0).equals(meta.etag() + " " + meta.size() + " " + chunk)) {
            Files.deleteIfExists(part);
            return;
        }
        for (int i = 0; i < done.length; i++) {
            done[i] = Math.max(0, Long.parseLong(lines.get(i + 1).strip()));
        }
    }

    /**
     * Takes over a one-stream partial download of the same blob ({@code {etag}.incomplete}, as
     * huggingface_hub and hubkit's single stream write it; the blob lock keeps its writer out): its bytes
     * are the completed prefix, so the chunks resume after it instead of starting again.
     */
    private void adoptPlainPart() throws IOException {
        Path plain = partBase.resolveSibling(partBase.getFileName() + ".incomplete");
        if (!Files.isRegularFile(plain)) {
            return;
        }
        long have = Math.min(Files.size(plain), meta.size());
        Files.move(plain, part, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (int i = 0; i < done.length; i++) {
            long begin = (long) i * chunk;
            done[i] = Math.max(0, Math.min(Math.min(chunk, meta.size() - begin), have - begin));
        }
        saveProgress();
    }

    private void saveProgress() throws IOException {
        StringBuilder sb = new StringBuilder(meta.etag() + " " + meta.size() + " " + chunk + "\n");
        synchronized (done) {
            for (long d : done) {
                sb.append(d).append('\n');
            }
        }
        synchronized (this) {
            HubCache.writeAtomically(progressFile, sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
