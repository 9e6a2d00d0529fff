package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A full disk mid-download, single stream and parallel chunks: the client runs in a child JVM under
 * {@code ulimit -f} (1 MiB, below the 2 MiB file; writes past it fail with {@code EFBIG}, the same
 * IOException path as {@code ENOSPC}). The failure is a {@link CacheWriteException} at once (not retried
 * like a dropped connection), no blob or snapshot entry lands in the cache, and a later download with room
 * completes and is correct.
 */
@EnabledOnOs(OS.LINUX)
class FullDiskTest {
    @TempDir
    Path tmp;
    HubServer server;
    byte[] big;

    @BeforeEach
    void start() throws Exception {
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 2 << 20);
        big = Files.readAllBytes(root.resolve("acme/tiny/big.bin"));
        server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aFullDiskFailsAtOnceAndCachesNothing(boolean chunked) throws Exception {
        Path cache = tmp.resolve("cache");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("bash", "-c", "ulimit -f 1024 && exec \"$@\"", "limited", java,
                "-cp", System.getProperty("java.class.path"), LimitedDownloadMain.class.getName(),
                server.endpoint().toString(), cache.toString(), "big.bin", Boolean.toString(chunked))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(3);
        assertThat(out).contains("cannot write big.bin into the cache").contains("File too large")
                .doesNotContain("kept failing");

        Path repo = cache.resolve("models--acme--tiny");
        try (Stream<Path> blobs = Files.list(repo.resolve("blobs"))) {
            assertThat(blobs.map(b -> b.getFileName().toString()))
                    .allMatch(name -> name.endsWith(".incomplete") || name.endsWith(".lock")
                            || name.endsWith(".progress"));
        }
        if (Files.isDirectory(repo.resolve("snapshots"))) {
            try (Stream<Path> all = Files.walk(repo.resolve("snapshots"))) {
                assertThat(all.filter(f -> f.getFileName().toString().equals("big.bin")).toList()).isEmpty();
            }
        }

        HubSettings settings = HubSettings.of(server.endpoint().toString(), cache);
        if (chunked) {
            settings = settings.withChunks(1, 256 << 10, 4);
        }
        try (HubClient c = new HubClient(settings)) {
            assertThat(Files.readAllBytes(c.downloadFile(RepoRef.model("acme/tiny"), "big.bin", "main")))
                    .isEqualTo(big);
        }
    }
}
