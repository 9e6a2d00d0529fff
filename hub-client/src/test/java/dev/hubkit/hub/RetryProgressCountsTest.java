package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.hub.FaultProxy.Fault;
import dev.hubkit.hub.FaultProxy.Kind;
import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a retried download reports to its {@link DownloadListener}: {@code started} again whenever the bytes reported
 * so far no longer all count (a corrupt round dropped), so that a listener that takes {@code alreadyHave} as the
 * file's bytes so far never counts more than the file's size, in one stream or in parallel chunks.
 */
class RetryProgressCountsTest {

    @TempDir
    Path tmp;
    HubServer server;
    FaultProxy proxy;
    byte[] big;

    @BeforeEach
    void start() throws Exception {
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 2 << 20);
        big = Files.readAllBytes(root.resolve("acme/tiny/big.bin"));
        server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)));
        proxy = new FaultProxy(server.endpoint());
    }

    @AfterEach
    void stop() {
        proxy.close();
        server.close();
    }

    /** A file's bytes as the listener contract defines them, and the most they ever were. */
    static final class Counting implements DownloadListener {
        final AtomicLong have = new AtomicLong();
        final AtomicLong most = new AtomicLong();
        final AtomicLong size = new AtomicLong(-1);
        final AtomicLong starts = new AtomicLong();

        @Override
        public void started(String file, long size, long alreadyHave) {
            this.size.set(size);
            starts.incrementAndGet();
            have.set(alreadyHave);
            most.accumulateAndGet(alreadyHave, Math::max);
        }

        @Override
        public void progress(String file, long bytes) {
            most.accumulateAndGet(have.addAndGet(bytes), Math::max);
        }
    }

    private Path download(HubSettings settings, Counting listener) {
        try (HubClient c = new HubClient(settings)) {
            return c.downloadFile(RepoRef.model("acme/tiny"), "big.bin", "main", listener);
        }
    }

    private HubSettings settings() {
        return HubSettings.of(proxy.endpoint().toString(), tmp.resolve("cache"))
                .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(100));
    }

    @Test
    void parallelChunksRetriedFromScratchCountTheFileOnce() throws Exception {
        proxy.faults.add(Fault.of(Kind.FLIP_BYTE, "GET", "/_lfs/", 1));
        Counting listener = new Counting();
        Path file = download(settings().withChunks(1 << 20, 256 << 10, 4), listener);
        assertThat(Files.readAllBytes(file)).isEqualTo(big);
        assertThat(listener.starts.get()).isGreaterThanOrEqualTo(2); // the corrupt round, then the good one
        assertThat(listener.most.get()).isEqualTo(big.length);
        assertThat(listener.have.get()).isEqualTo(big.length);
        assertThat(listener.size.get()).isEqualTo(big.length);
    }

    @Test
    void oneStreamRetriedFromScratchCountsTheFileOnce() throws Exception {
        proxy.faults.add(Fault.of(Kind.FLIP_BYTE, "GET", "/_lfs/", 1));
        Counting listener = new Counting();
        Path file = download(settings().withChunks(Long.MAX_VALUE, 1 << 20, 1), listener);
        assertThat(Files.readAllBytes(file)).isEqualTo(big);
        assertThat(listener.most.get()).isEqualTo(big.length);
        assertThat(listener.have.get()).isEqualTo(big.length);
    }

    @Test
    void oneStreamResumedAfterADropCountsTheFileOnce() throws Exception {
        proxy.faults.add(Fault.of(Kind.DROP_MID_BODY, "GET", "/_lfs/", 2));
        Counting listener = new Counting();
        Path file = download(settings().withChunks(Long.MAX_VALUE, 1 << 20, 1), listener);
        assertThat(Files.readAllBytes(file)).isEqualTo(big);
        assertThat(listener.starts.get()).isGreaterThanOrEqualTo(3);
        assertThat(listener.most.get()).isEqualTo(big.length);
        assertThat(listener.have.get()).isEqualTo(big.length);
    }
}
