package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads into a cache in huggingface_hub's no-symlink layout (real files in {@code snapshots/{commit}/},
 * no blobs): as {@code _hf_hub_download_to_cache_dir} returns as soon as the snapshot entry exists, a
 * file there is the answer, online and offline, one file or a snapshot; nothing is fetched and no real
 * file becomes a link. Also: patterns that select nothing make no snapshot folder, as huggingface_hub.
 */
class NoSymlinkDownloadTest {

    private static final RepoRef REPO = RepoRef.model("acme/tiny");
    private static final List<String> FILES = List.of("config.json", "sub/notes.txt", "tokenizer.json", "big.bin");

    @TempDir
    Path tmp;
    HubServer server;
    FaultProxy proxy;
    Path root;
    Path cache;

    @BeforeEach
    void start() throws Exception {
        root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 2 << 20);
        server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)));
        proxy = new FaultProxy(server.endpoint());
        cache = tmp.resolve("cache");
    }

    @AfterEach
    void stop() {
        proxy.close();
        server.close();
    }

    private HubClient client(boolean offline) {
        return new HubClient(HubSettings.of(proxy.endpoint().toString(), cache).withOffline(offline));
    }

    /** A snapshot as huggingface_hub leaves it without symlinks: the links replaced by copies, no blobs. */
    private Path noSymlinkSnapshot() throws Exception {
        Path snap;
        try (HubClient c = client(false)) {
            snap = c.downloadSnapshot(REPO, "main", SnapshotOptions.defaults());
        }
        for (String f : FILES) {
            Path p = snap.resolve(f);
            Path copy = p.resolveSibling(p.getFileName() + ".copy");
            Files.copy(p, copy);
            Files.move(copy, p, StandardCopyOption.REPLACE_EXISTING);
        }
        Path blobs = cache.resolve("models--acme--tiny/blobs");
        try (Stream<Path> s = Files.list(blobs)) {
            for (Path b : s.toList()) {
                Files.delete(b);
            }
        }
        return snap;
    }

    @Test
    void withoutSymlinksNewBlobsAreMovedIntoTheSnapshotAndOldOnesCopied() throws Exception {
        Path snap;
        try (HubClient c = new HubClient(HubSettings.of(proxy.endpoint().toString(), cache).withSymlinks(false))) {
            snap = c.downloadSnapshot(REPO, "main", SnapshotOptions.defaults());
        }
        for (String f : FILES) {
            assertThat(Files.isSymbolicLink(snap.resolve(f))).as(f).isFalse();
            assertThat(snap.resolve(f)).hasSameBinaryContentAs(root.resolve("acme/tiny/" + f));
        }
        assertThat(blobs()).noneMatch(Files::isRegularFile);

        // a blob already in the cache (another snapshot may link to it) is copied, not moved
        Path cache2 = tmp.resolve("cache2");
        Path linked;
        try (HubClient c = new HubClient(HubSettings.of(proxy.endpoint().toString(), cache2))) {
            linked = c.downloadFile(REPO, "config.json", "main");
        }
        Path blob = linked.toRealPath();
        Files.delete(linked);
        try (HubClient c = new HubClient(HubSettings.of(proxy.endpoint().toString(), cache2).withSymlinks(false))) {
            assertThat(c.downloadFile(REPO, "config.json", "main")).isEqualTo(linked);
        }
        assertThat(Files.isSymbolicLink(linked)).isFalse();
        assertThat(linked).hasSameBinaryContentAs(root.resolve("acme/tiny/config.json"));
        assertThat(blob).exists();
        assertThat(HubSettings.fromEnvironment(java.util.Map.of("HF_HOME", tmp.toString(),
                "HF_HUB_DISABLE_SYMLINKS", "1")).symlinks()).isFalse();
        assertThat(HubSettings.fromEnvironment(java.util.Map.of("HF_HOME", tmp.toString())).symlinks()).isTrue();
    }

    private List<Path> blobs() throws Exception {
        try (Stream<Path> s = Files.list(cache.resolve("models--acme--tiny/blobs"))) {
            return s.toList();
        }
    }

    private void assertRealFiles(Path snap) {
        for (String f : FILES) {
            assertThat(Files.isSymbolicLink(snap.resolve(f))).as(f).isFalse();
            assertThat(snap.resolve(f)).hasSameBinaryContentAs(root.resolve("acme/tiny").resolve(f));
        }
    }

    @Test
    void realSnapshotFilesAreTheAnswerAndStayRealFiles() throws Exception {
        Path snap = noSymlinkSnapshot();
        proxy.log.clear();
        try (HubClient c = client(false)) {
            assertThat(c.downloadSnapshot(REPO, "main", SnapshotOptions.defaults())).isEqualTo(snap);
            for (String f : FILES) {
                assertThat(c.downloadFile(REPO, f, "main")).isEqualTo(snap.resolve(f));
            }
        }
        assertThat(proxy.log).noneMatch(l -> l.startsWith("GET /acme/") || l.startsWith("GET /_lfs/"));
        assertThat(blobs()).isEmpty();
        assertRealFiles(snap);
        try (HubClient c = client(true)) {
            assertThat(c.downloadSnapshot(REPO, "main", SnapshotOptions.defaults())).isEqualTo(snap);
            assertThat(c.downloadFile(REPO, "big.bin", "main")).isEqualTo(snap.resolve("big.bin"));
        }
        assertRealFiles(snap);
    }

    @Test
    void patternsSelectingNothingLeaveTheRefAndListingAndNoSnapshotFolder() throws Exception {
        Path snap;
        try (HubClient c = client(false)) {
            snap = c.downloadSnapshot(REPO, "main", SnapshotOptions.defaults().withPatterns(List.of("*.nomatch"),
                    List.of()));
        }
        String commit = Files.readString(cache.resolve("models--acme--tiny/refs/main")).strip();
        assertThat(snap).isEqualTo(cache.resolve("models--acme--tiny/snapshots/" + commit));
        assertThat(snap).doesNotExist();
        assertThat(TreeCache.path(cache.resolve("models--acme--tiny"), commit)).isRegularFile();
    }
}
