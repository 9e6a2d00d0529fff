package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.hub.FaultProxy.Fault;
import dev.hubkit.hub.FaultProxy.Kind;
import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resume, retry and integrity under injected network faults; no corrupt blob ever lands in the cache. */
class FaultInjectionTest {

    @TempDir
    Path tmp;
    HubServer server;
    FaultProxy proxy;
    byte[] big;
    Path cache;

    @BeforeEach
    void start() throws Exception {
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 2 << 20);
        big = Files.readAllBytes(root.resolve("acme/tiny/big.bin"));
        server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)));
        proxy = new FaultProxy(server.endpoint());
        cache = tmp.resolve("cache");
    }

    @AfterEach
    void stop() {
        proxy.close();
        server.close();
    }

    private HubClient client(int retries) {
        return new HubClient(HubSettings.of(proxy.endpoint().toString(), cache)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(700))
                .withRetries(retries, Duration.ofMillis(10), Duration.ofMillis(1500))
                .withChunks(Long.MAX_VALUE, 1 << 20, 1));
    }

    private Path big(HubClient c) {
        return c.downloadFile(RepoRef.model("acme/tiny"), "big.bin", "main");
    }

    @Test
    void dropMidBodyResumesWithRange() throws Exception {
        proxy.faults.add(Fault.of(Kind.DROP_MID_BODY, "GET", "/_lfs/", 2));
        try (HubClient c = client(4)) {
            assertThat(Files.readAllBytes(big(c))).isEqualTo(big);
        }
        assertThat(proxy.log).anyMatch(l -> l.startsWith("GET /_lfs/") && l.contains("range=bytes=") && !l.contains("range=null"));
        assertNoLeftovers();
    }

    @Test
    void dropsInsideAHashBlockResumeAndHashThePrefixFromDisk() throws Exception {
        // cuts that are not on a block boundary: part of what is on disk never reached the hasher
        proxy.dropAt = 300_001;
        proxy.faults.add(Fault.of(Kind.DROP_MID_BODY, "GET", "/_lfs/", 3));
        try (HubClient c = client(4)) {
            assertThat(Files.readAllBytes(big(c))).isEqualTo(big);
        }
        assertThat(proxy.log).filteredOn(l -> l.startsWith("GET /_lfs/")).hasSize(4);
        assertNoLeftovers();
    }

    @Test
    void aBodyLongerThanTheFileNeverCachesWrongBytes() throws Exception {
        proxy.faults.add(Fault.of(Kind.LONG_BODY, "GET", "/_lfs/", 100));
        Path got = null;
        try (HubClient c = client(1)) {
            got = big(c);
        } catch (HubException e) {
            assertNoBlob();
        }
        if (got != null) {
            // the announced bytes came in reads of their own, were complete and hashed right
            assertThat(Files.readAllBytes(got)).isEqualTo(big);
        }
    }

    @Test
    void serverErrorsAnd429AreRetried() throws Exception {
        proxy.faults.add(Fault.of(Kind.STATUS_500, "HEAD", "/resolve/", 1));
        proxy.faults.add(Fault.of(Kind.STATUS_429, "GET", "/_lfs/", 1));
        proxy.faults.add(Fault.of(Kind.STATUS_500, "GET", "/api/", 1));
        try (HubClient c = client(3)) {
            assertThat(Files.readAllBytes(big(c))).isEqualTo(big);
            assertThat(c.repoInfo(RepoRef.model("acme/tiny"), "main").siblings()).contains("big.bin");
        }
        assertThat(proxy.log.stream().filter(l -> l.startsWith("HEAD")).count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void stallPastReadTimeoutIsResumed() throws Exception {
        proxy.stallMillis = 2500;
        proxy.faults.add(Fault.of(Kind.STALL, "GET", "/_lfs/", 1));
        try (HubClient c = client(3)) {
            assertThat(Files.readAllBytes(big(c))).isEqualTo(big);
        }
        assertNoLeftovers();
    }

    @Test
    void wrongSizeAndWrongHashNeverReachTheCache() throws Exception {
        proxy.faults.add(Fault.of(Kind.FLIP_BYTE, "GET", "/_lfs/", 100));
        try (HubClient c = client(2)) {
            assertThatThrownBy(() -> big(c)).isInstanceOf(CorruptDownloadException.class).hasMessageContaining("sha256");
        }
        assertNoBlob();
        proxy.faults.clear();
        proxy.faults.add(Fault.of(Kind.SHORT_BODY, "GET", "/_lfs/", 100));
        try (HubClient c = client(2)) {
            assertThatThrownBy(() -> big(c)).isInstanceOf(HubException.class);
        }
        assertNoBlob();
        proxy.faults.clear();
        proxy.faults.add(Fault.of(Kind.FLIP_BYTE, "GET", "/_lfs/", 1));
        try (HubClient c = client(2)) {
            assertThat(Files.readAllBytes(big(c))).isEqualTo(big);
        }
    }

    @Test
    void snapshotChecksHashesWithoutPerFileHead() throws Exception {
        proxy.faults.add(Fault.of(Kind.FLIP_BYTE, "GET", "/_lfs/", 100));
        proxy.faults.add(Fault.of(Kind.DROP_MID_BODY, "GET", "/resolve/main/config.json", 1));
        try (HubClient c = client(2)) {
            assertThatThrownBy(() -> c.downloadSnapshot(RepoRef.model("acme/tiny"), "main", SnapshotOptions.defaults()))
                    .isInstanceOf(CorruptDownloadException.class);
        }
        assertNoBlob();
        proxy.faults.clear();
        try (HubClient c = client(2)) {
            Path snap = c.downloadSnapshot(RepoRef.model("acme/tiny"), "main", SnapshotOptions.defaults());
            assertThat(Files.readAllBytes(snap.resolve("big.bin"))).isEqualTo(big);
        }
        assertThat(proxy.log).noneMatch(l -> l.startsWith("HEAD"));
    }

    @Test
    void aFileGoneAfterItsMetadataFailsAtOnceWithoutRetries() throws Exception {
        proxy.faults.add(Fault.of(Kind.ENTRY_GONE, "GET", "/_lfs/", 100));
        try (HubClient c = client(5)) {
            assertThatThrownBy(() -> big(c)).isInstanceOf(EntryNotFoundException.class)
                    .hasMessageContaining("file big.bin not found in acme/tiny@main");
        }
        assertThat(proxy.log).filteredOn(l -> l.startsWith("GET /_lfs/")).hasSize(1);
        assertNoBlob();
    }

    @Test
    void aRedirectToAnUnsupportedUrlFailsAtOnce() throws Exception {
        proxy.faults.add(Fault.of(Kind.REDIRECT_FTP, "GET", "/_lfs/", 100));
        try (HubClient c = client(5)) {
            assertThatThrownBy(() -> big(c)).isInstanceOf(HubTransportException.class)
                    .hasMessageContaining("redirected the download of big.bin to an unsupported URL (ftp://files.example/big.bin)");
        }
        assertThat(proxy.log).filteredOn(l -> l.startsWith("GET /_lfs/")).hasSize(1);
        assertNoBlob();
    }

    @Test
    void aFileGoneAfterItsMetadataFailsAtOnceInParallelChunks() throws Exception {
        proxy.faults.add(Fault.of(Kind.ENTRY_GONE, "GET", "/_lfs/", 100));
        try (HubClient c = chunkedClient(5)) {
            assertThatThrownBy(() -> big(c)).isInstanceOf(EntryNotFoundException.class)
                    .hasMessageContaining("file big.bin not found in acme/tiny@main");
        }
        // one request per chunk at most (4 workers), none retried
        assertThat(proxy.log.stream().filter(l -> l.startsWith("GET /_lfs/")).count()).isBetween(1L, 8L);
        assertNoBlob();
    }

    @Test
    void parallelChunksResumeAOneStreamPartialDownload() throws Exception {
        // what huggingface_hub (or hubkit's single stream) left: blobs/{sha256}.incomplete with a prefix
        String etag = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(big));
        Path blobs = cache.resolve("models--acme--tiny/blobs");
        Files.createDirectories(blobs);
        Files.write(blobs.resolve(etag + ".incomplete"), java.util.Arrays.copyOf(big, 700_000));
        try (HubClient c = chunkedClient(3)) {
            assertThat(Files.readAllBytes(big(c))).isEqualTo(big);
        }
        assertThat(proxy.log).filteredOn(l -> l.startsWith("GET /_lfs/"))
                .noneMatch(l -> l.contains("range=bytes=0-")).anyMatch(l -> l.contains("range=bytes=700000-"));
        assertNoLeftovers();
    }

    @Test
    void partsLeftByAnotherDownloadAreNeitherBlobsNorKept() throws Exception {
        try (HubClient c = chunkedClient(3)) {
            Path blob = big(c);
            Path real = blob.toRealPath();
            Path parts = real.resolveSibling(real.getFileName() + ".chunks.incomplete");
            Path progress = real.resolveSibling(real.getFileName() + ".chunks.progress");
            // what a download killed before another process completed the blob leaves behind
            Files.write(parts, new byte[1000]);
            Files.write(progress, new byte[16]);
            var scanned = new dev.hubkit.hub.cache.HubCache(cache).scanRepo(RepoRef.model("acme/tiny"));
            assertThat(scanned.blobs().keySet()).containsExactly(real.getFileName().toString());
            // a later download of the same file at another revision name finds the blob and tidies up
            Files.delete(blob);
            assertThat(Files.readAllBytes(big(c))).isEqualTo(big);
            assertThat(parts).doesNotExist();
            assertThat(progress).doesNotExist();
        }
    }

    @Test
    void parallelChunksSurviveDrops() throws Exception {
        proxy.faults.add(Fault.of(Kind.DROP_MID_BODY, "GET", "/_lfs/", 3));
        try (HubClient c = new HubClient(HubSettings.of(proxy.endpoint().toString(), cache)
                .withRetries(4, Duration.ofMillis(10), Duration.ofMillis(100))
                .withChunks(1 << 20, 256 << 10, 4))) {
            assertThat(Files.readAllBytes(big(c))).isEqualTo(big);
        }
        assertThat(proxy.log.stream().filter(l -> l.startsWith("GET /_lfs/")).count()).isGreaterThanOrEqualTo(8);
        assertNoLeftovers();
    }

    private HubClient chunkedClient(int retries) {
        return new HubClient(HubSettings.of(proxy.endpoint().toString(), cache)
                .withRetries(retries, Duration.ofMillis(10), Duration.ofMillis(100))
                .withChunks(1 << 20, 256 << 10, 4));
    }

    @Test
    void parallelChunksRetryACorruptBodyFromScratch() throws Exception {
        // the sha256 of the chunked download is computed while later chunks still arrive
        proxy.faults.add(Fault.of(Kind.FLIP_BYTE, "GET", "/_lfs/", 1));
        try (HubClient c = chunkedClient(3)) {
            assertThat(Files.readAllBytes(big(c))).isEqualTo(big);
        }
        // 8 chunks of 256 KB: one round with the flipped byte, then a full second round
        assertThat(proxy.log.stream().filter(l -> l.startsWith("GET /_lfs/")).count()).isGreaterThanOrEqualTo(16);
        assertNoLeftovers();
    }

    @Test
    void parallelChunksNeverCacheCorruptData() throws Exception {
        proxy.faults.add(Fault.of(Kind.FLIP_BYTE, "GET", "/_lfs/", 1000));
        try (HubClient c = chunkedClient(1)) {
            assertThatThrownBy(() -> big(c)).isInstanceOf(CorruptDownloadException.class).hasMessageContaining("sha256");
        }
        assertNoBlob();
    }

    @Test
    void userAndPasswordInTheEndpointBecomeBasicAuthAndAreNeverShown() throws Exception {
        String endpoint = proxy.endpoint().toString().replace("http://", "http://u:s3cret@");
        HubSettings settings = HubSettings.of(endpoint, cache);
        assertThat(settings.toString()).doesNotContain("s3cret");
        try (HubClient c = new HubClient(settings.withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)))) {
            assertThat(Files.readAllBytes(big(c))).isEqualTo(big);
            assertThatThrownBy(() -> c.downloadFile(RepoRef.model("acme/nope"), "x", "main"))
                    .isInstanceOf(RepositoryNotFoundException.class).hasMessageNotContaining("s3cret");
        }
        assertThat(proxy.log).anyMatch(l -> l.startsWith("HEAD /acme/tiny/resolve/main/big.bin") && l.contains("auth=true"));
        proxy.close();
        try (HubClient c = new HubClient(settings.withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)))) {
            assertThatThrownBy(() -> c.downloadFile(RepoRef.model("acme/other"), "x", "main"))
                    .isInstanceOf(HubException.class).hasMessageNotContaining("s3cret");
        }
    }

    @Test
    void authorizationIsNotSentToAnotherHostAndNeverLogged() throws Exception {
        // endpoint host is "localhost"; the large-file redirect points at 127.0.0.1 (another host)
        try (HubClient c = new HubClient(HubSettings.of(proxy.endpoint().toString().replace("127.0.0.1", "localhost"),
                cache).withToken("hf_secret"))) {
            assertThat(Files.readAllBytes(big(c))).isEqualTo(big);
            assertThatThrownBy(() -> c.downloadFile(RepoRef.model("acme/nope"), "x", "main"))
                    .hasMessageNotContaining("hf_secret");
        }
        assertThat(proxy.log).anyMatch(l -> l.startsWith("HEAD /acme/tiny/resolve/main/big.bin") && l.endsWith("auth=true"));
        assertThat(proxy.log).anyMatch(l -> l.startsWith("GET /_lfs/"));
        assertThat(proxy.log).filteredOn(l -> l.startsWith("GET /_lfs/")).allMatch(l -> l.endsWith("auth=false"));
    }

    private void assertNoBlob() throws Exception {
        String sha = Fixtures.sha256(big);
        Path blobs = cache.resolve("models--acme--tiny/blobs");
        if (Files.isDirectory(blobs)) {
            try (Stream<Path> s = Files.list(blobs)) {
                assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.equals(sha));
            }
        }
        Path snaps = cache.resolve("models--acme--tiny/snapshots");
        if (Files.isDirectory(snaps)) {
            try (Stream<Path> s = Files.walk(snaps)) {
                assertThat(s.map(p -> p.getFileName().toString())).doesNotContain("big.bin");
            }
        }
    }

    private void assertNoLeftovers() throws Exception {
        try (Stream<Path> s = Files.list(cache.resolve("models--acme--tiny/blobs"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("incomplete") || n.contains("progress"));
        }
    }

    /**
     * One chunk fails for good (the file is gone) while the others are stalled mid-body: the download returns only
     * once their workers have stopped, so that no worker reports progress (or writes) after it returned.
     */
    @Test
    void aFailedChunkStopsTheOthersBeforeTheDownloadReturns() throws Exception {
        // the first chunk asked for is gone, the next three stall mid-body (until the read timeout)
        proxy.stallMillis = 10_000;
        proxy.faults.add(Fault.of(Kind.ENTRY_GONE, "GET", "/_lfs/", 1));
        proxy.faults.add(Fault.of(Kind.STALL, "GET", "/_lfs/", 3));
        java.util.concurrent.atomic.AtomicBoolean returned = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.List<String> late = new java.util.concurrent.CopyOnWriteArrayList<>();
        DownloadListener listener = new DownloadListener() {
            @Override
            public void started(String file, long size, long alreadyHave) {
            }

            @Override
            public void progress(String file, long bytes) {
                if (returned.get()) {
                    late.add(Thread.currentThread().getName());
                }
            }

            @Override
            public void finished(String file, long size) {
            }
        };
        try (HubClient c = new HubClient(HubSettings.of(proxy.endpoint().toString(), cache)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(1500))
                .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(100))
                .withChunks(1 << 20, 256 << 10, 4))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> c.downloadFile(RepoRef.model("acme/tiny"), "big.bin", "main", listener))
                    .isInstanceOf(HubException.class);
            returned.set(true);
            // the stalled chunks were stopped, not retried to the end
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("hubkit-chunk") && t.isAlive());
            Thread.sleep(300);
            assertThat(late).isEmpty();
        }
    }

    /**
     * A chunk's failure is the one reported even when saving the chunks' progress afterwards fails too (here the
     * progress file's place is taken by a folder): that second failure rides along as a suppressed one.
     */
    @Test
    void aChunkFailureIsNotHiddenByAFailureToSaveTheProgress() throws Exception {
        String etag = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(big));
        Path progress = cache.resolve("models--acme--tiny/blobs/" + etag + ".chunks.progress");
        Files.createDirectories(progress.resolve("taken"));
        proxy.faults.add(Fault.of(Kind.ENTRY_GONE, "GET", "/_lfs/", 100));
        try (HubClient c = chunkedClient(3)) {
            assertThatThrownBy(() -> big(c)).isInstanceOf(EntryNotFoundException.class)
                    .hasMessageContaining("file big.bin not found in acme/tiny@main")
                    .satisfies(e -> assertThat(e.getSuppressed()).isNotEmpty());
        }
    }
}
