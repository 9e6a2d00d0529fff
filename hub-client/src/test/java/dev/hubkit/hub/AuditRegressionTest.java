package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regressions found by checking the CLI contracts against real use. */
class AuditRegressionTest {
    @TempDir
    Path dir;

    /**
     * {@code hubkit download REPO --include '*.json' --local-dir D} copied every file of the cached snapshot
     * (also those of earlier, unfiltered downloads) into D; huggingface_hub's local_dir gets only the selected files.
     */
    @Test
    void exportedSnapshotHonoursThePatterns() throws Exception {
        Path snap = dir.resolve("snap");
        Files.createDirectories(snap.resolve("sub"));
        Files.writeString(snap.resolve("config.json"), "{}");
        Files.writeString(snap.resolve("tokenizer.json"), "{}");
        Files.writeString(snap.resolve("model.bin"), "weights");
        Files.writeString(snap.resolve("sub/extra.json"), "{}");
        Files.writeString(snap.resolve("sub/a.txt"), "a");
        Path local = HubClient.exportSnapshot(snap, dir.resolve("local"), List.of("*.json"), List.of("tok*"));
        assertThat(files(local)).containsExactly("config.json", "sub/extra.json");
        assertThat(Files.readString(local.resolve("config.json"))).isEqualTo("{}");
        Path folder = HubClient.exportSnapshot(snap, dir.resolve("folder"), List.of("sub/"), List.of());
        assertThat(files(folder)).containsExactly("sub/a.txt", "sub/extra.json");
        Path all = HubClient.exportSnapshot(snap, dir.resolve("all"));
        assertThat(files(all)).hasSize(5);
    }

    /**
     * With the hub unreachable, each missing file of a tokenizer lookup went through the whole backoff again
     * (2 min 16 s for {@code hubkit tokenize -t missing.json}); after one request has given up on an
     * unreachable host, later ones of the same client fail on their first attempt.
     */
    @Test
    void anUnreachableHostIsRetriedOnlyByTheFirstRequest() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: connections are refused
        }
        HubSettings settings = HubSettings.of("http://127.0.0.1:" + port, dir.resolve("cache"))
                .withRetries(2, Duration.ofMillis(1), Duration.ofMillis(2));
        try (HubClient c = new HubClient(settings)) {
            RepoRef repo = RepoRef.model("acme/tiny");
            assertThatThrownBy(() -> c.repoInfo(repo, "main")).isInstanceOf(HubException.class)
                    .hasMessageContaining("failed after 3 attempts");
            assertThatThrownBy(() -> c.repoInfo(repo, "main")).isInstanceOf(HubException.class)
                    .hasMessageContaining("could not be reached by an earlier request either")
                    .hasMessageNotContaining("attempts");
        }
    }

    /**
     * {@code hubkit cache ls --cache-dir TYPO} created TYPO/.locks/hubkit-index.sqlite; listing, verifying or
     * pruning a cache folder that does not exist changes nothing on disk.
     */
    @Test
    void aMissingCacheFolderIsNotCreatedByReadingIt() {
        Path missing = dir.resolve("no-such-cache");
        dev.hubkit.hub.cache.HubCache cache = new dev.hubkit.hub.cache.HubCache(missing);
        try (dev.hubkit.hub.index.CacheIndex idx = dev.hubkit.hub.index.CacheIndex.open(cache)) {
            assertThat(idx.list()).isEmpty();
            assertThat(idx.totalSize()).isZero();
            dev.hubkit.hub.index.CacheMaintenance m = new dev.hubkit.hub.index.CacheMaintenance(cache, idx);
            assertThat(m.verify(false)).isEmpty();
            m.prune(0, java.util.Set.of());
        }
        assertThat(missing).doesNotExist();
    }

    private static List<String> files(Path root) throws Exception {
        try (Stream<Path> w = Files.walk(root)) {
            return w.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }
}
