package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hubkit.hub.cache.CachedRepo;
import dev.hubkit.hub.cache.HubCache;
import dev.hubkit.hub.index.CacheIndex;
import dev.hubkit.hub.index.CacheMaintenance;
import dev.hubkit.hub.index.RepoSummary;
import dev.hubkit.hub.server.CacheRepoStore;
import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official JavaScript client {@code @huggingface/hub} and the cache, as its users use it
 * ({@code src/test/js/cache-interop.mjs}): its cache-writing functions ({@code snapshotDownload} and
 * {@code downloadFileToCacheDir} with {@code cacheDir}) against {@code hubkit serve --cache} mirroring a cache that
 * holds two commits (main, a branch and a pull-request ref on the older one, a large file), at a branch, a
 * pull-request ref, a commit and main; hubkit then reads that cache offline, lists and verifies it. The reverse: the
 * client's {@code scanCacheDir} reads a cache hubkit wrote as hubkit does, and {@code downloadFileToCacheDir} at a
 * commit finds hubkit's files with no server. Skipped unless
 * {@code npm ci --prefix hub-client/src/test/js} was run.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class NpmCacheInteropTest {

    private static final RepoRef FLAT = RepoRef.model("acme/flat");
    private static final String OLD_CONFIG = "{\"model_type\":\"bert\"}\n";
    private static final String NEW_CONFIG = "{\"model_type\":\"bert\",\"hidden_size\":16}\n";

    @TempDir
    Path tmp;

    private Path js;
    private Path mirror;
    private String oldCommit;
    private String newCommit;
    private byte[] big;

    /** A cache hubkit wrote: acme/flat at two commits, {@code v1} and {@code refs/pr/1} naming the older one. */
    @BeforeEach
    void mirror() throws Exception {
        js = Path.of(System.getProperty("basedir", ".")).resolve("src/test/js").toAbsolutePath();
        assumeTrue(Files.isDirectory(js.resolve("node_modules/@huggingface/hub")),
                "run 'npm ci --prefix hub-client/src/test/js' to enable this test");
        assumeTrue(nodeAvailable(), "node is not installed");
        Path repo = Files.createDirectories(tmp.resolve("root/acme/flat"));
        Files.writeString(repo.resolve("config.json"), OLD_CONFIG);
        big = Fixtures.random(2 << 20, 7);
        Files.write(repo.resolve("big.bin"), big);
        mirror = tmp.resolve("mirror");
        oldCommit = downloadInto(mirror);
        Files.writeString(repo.resolve("config.json"), NEW_CONFIG);
        newCommit = downloadInto(mirror);
        assertThat(newCommit).isNotEqualTo(oldCommit);
        Path refs = mirror.resolve("models--acme--flat/refs");
        Files.writeString(refs.resolve("v1"), oldCommit);
        // huggingface_hub keeps revision "refs/pr/1" as refs/refs/pr/1
        Files.writeString(Files.createDirectories(refs.resolve("refs/pr")).resolve("1"), oldCommit);
    }

    private String downloadInto(Path cache) throws Exception {
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(tmp.resolve("root"),
                1 << 20)));
             HubClient client = new HubClient(HubSettings.of(server.endpoint().toString(), cache))) {
            return client.downloadSnapshot(FLAT, "main", SnapshotOptions.defaults()).getFileName().toString();
        }
    }

    @Test
    void jsClientWritesACacheFromOurMirrorThatWeReadOffline() throws Exception {
        Path cache = tmp.resolve("js-cache");
        Path snapshots = cache.resolve("models--acme--flat/snapshots");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new CacheRepoStore(new HubCache(mirror),
                1 << 20)))) {
            String endpoint = server.endpoint().toString();
            for (String revision : new String[]{"v1", "refs/pr/1", newCommit, "main"}) {
                String commit = revision.equals("main") || revision.equals(newCommit) ? newCommit : oldCommit;
                assertThat(node("download", endpoint, cache.toString(), FLAT.id(), revision, "config.json"))
                        .as(revision)
                        .contains("SNAPSHOT " + snapshots.resolve(commit),
                                "FILE " + snapshots.resolve(commit).resolve("config.json"));
            }
        }
        Path refs = cache.resolve("models--acme--flat/refs");
        assertThat(refs.resolve("main")).hasContent(newCommit);
        assertThat(refs.resolve("refs/pr/1")).hasContent(oldCommit);
        try (HubClient off = new HubClient(HubSettings.of("http://127.0.0.1:9", cache).withOffline(true))) {
            assertThat(off.downloadFile(FLAT, "config.json", "v1")).hasContent(OLD_CONFIG);
            assertThat(off.downloadFile(FLAT, "config.json", "refs/pr/1")).hasContent(OLD_CONFIG);
            assertThat(off.downloadFile(FLAT, "config.json", "main")).hasContent(NEW_CONFIG);
            assertThat(off.downloadFile(FLAT, "config.json", newCommit)).hasContent(NEW_CONFIG);
            assertThat(off.downloadFile(FLAT, "big.bin", "v1")).hasBinaryContent(big);
            assertThat(off.downloadSnapshot(FLAT, "main", SnapshotOptions.defaults()))
                    .isEqualTo(snapshots.resolve(newCommit));
        }
        assertThat(cache.resolve("models--acme--flat/blobs").resolve(Fixtures.sha256(big))).hasBinaryContent(big);
        HubCache hubCache = new HubCache(cache);
        try (CacheIndex idx = CacheIndex.open(hubCache, tmp.resolve("index.db"))) {
            assertThat(new CacheMaintenance(hubCache, idx).verify(false)).isEmpty();
            RepoSummary s = idx.list().get(0);
            assertThat(idx.list()).hasSize(1);
            assertThat(s.files()).isEqualTo(3);
            assertThat(s.sizeOnDisk()).isEqualTo(big.length + OLD_CONFIG.length() + NEW_CONFIG.length());
            assertThat(s.revisions()).containsExactlyInAnyOrder(oldCommit + " (refs/pr/1,v1)", newCommit + " (main)");
        }
        assertSameScan(cache);
    }

    /** The client's scanCacheDir on a cache hubkit wrote: no warning, the same repos, revisions, refs and sizes. */
    @Test
    void jsClientScansTheCacheWeWrote() throws Exception {
        assertSameScan(mirror);
    }

    /** At a commit, downloadFileToCacheDir answers from the cache: it finds the files hubkit cached, server gone. */
    @Test
    void jsClientReadsFilesWeCachedWithoutTheServer() throws Exception {
        Path snapshots = mirror.resolve("models--acme--flat/snapshots");
        for (String commit : new String[]{oldCommit, newCommit}) {
            assertThat(node("file", "http://127.0.0.1:9", mirror.toString(), FLAT.id(), commit, "big.bin"))
                    .contains("FILE " + snapshots.resolve(commit).resolve("big.bin"));
        }
    }

    private void assertSameScan(Path cache) throws Exception {
        String out = node("scan", cache.toString());
        CachedRepo ours = new HubCache(cache).scanRepo(FLAT);
        assertThat(out).doesNotContain("WARNING")
                .contains("REPO model acme/flat " + ours.sizeOnDisk() + " 3",
                        // scanCacheDir names the refs directly under refs/ (not refs/refs/pr/1)
                        "REVISION acme/flat " + oldCommit + " " + (OLD_CONFIG.length() + big.length) + " v1",
                        "REVISION acme/flat " + newCommit + " " + (NEW_CONFIG.length() + big.length) + " main",
                        "SIZE " + ours.sizeOnDisk());
    }

    private String node(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("node", js.resolve("cache-interop.mjs").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(js.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
