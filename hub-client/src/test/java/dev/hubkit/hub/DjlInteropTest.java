package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.hub.cache.HubCache;
import dev.hubkit.hub.index.CacheIndex;
import dev.hubkit.hub.index.CacheMaintenance;
import dev.hubkit.hub.index.PruneReport;
import dev.hubkit.hub.server.CacheRepoStore;
import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with an independent client: the Rust {@code hf-hub} crate inside DJL's tokenizers
 * downloads from {@code hubkit serve}, writes its cache, and hubkit then reads that cache offline.
 */
class DjlInteropTest {

    @TempDir
    Path tmp;

    @Test
    void rustHfHubDownloadsFromOurServerAndWeReadItsCache() throws Exception {
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 1000);
        Path hfHome = tmp.resolve("hf-home");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)))) {
            Forked.Result r = Forked.run(DjlHfHubMain.class,
                    Map.of("HF_ENDPOINT", server.endpoint().toString(), "HF_HOME", hfHome.toString()),
                    tmp.resolve("djl.log"), "acme/tiny");
            assertThat(r.output()).contains("IDS [1, 2, 3]");
            assertThat(r.exit()).isZero();
        }
        Path cache = hfHome.resolve("hub");
        Path repoDir = cache.resolve("models--acme--tiny");
        String commit = Files.readString(repoDir.resolve("refs/main")).strip();
        Path snapFile = repoDir.resolve("snapshots/" + commit + "/tokenizer.json");
        String etag = Fixtures.gitSha1(Fixtures.TOKENIZER_JSON.getBytes(StandardCharsets.UTF_8));
        assertThat(repoDir.resolve("blobs/" + etag)).exists();
        assertThat(Files.readString(snapFile)).isEqualTo(Fixtures.TOKENIZER_JSON);
        // server gone, offline: hubkit reads the cache the Rust client wrote
        try (HubClient off = new HubClient(HubSettings.of("http://127.0.0.1:9", cache).withOffline(true))) {
            Path p = off.downloadFile(RepoRef.model("acme/tiny"), "tokenizer.json", "main");
            assertThat(Files.readString(p)).isEqualTo(Fixtures.TOKENIZER_JSON);
            assertThat(off.cache().scanRepo(RepoRef.model("acme/tiny")).revisions()).hasSize(1);
            // hf-hub keeps its lock beside the blob (blobs/{etag}.lock): not a blob, as huggingface_hub's scan
            assertThat(repoDir.resolve("blobs/" + etag + ".lock")).exists();
            assertThat(off.cache().scanRepo(RepoRef.model("acme/tiny")).blobs()).containsOnlyKeys(etag);
        }
        try (CacheIndex idx = CacheIndex.open(new HubCache(cache), tmp.resolve("index.db"))) {
            assertThat(idx.list()).singleElement().satisfies(r -> assertThat(r.files()).isEqualTo(1));
            PruneReport pruned = new CacheMaintenance(new HubCache(cache), idx).prune(0, Set.of());
            assertThat(pruned.deleted()).containsExactly("acme/tiny: " + etag);
        }
    }

    /**
     * {@code hubkit serve --cache} mirroring a cache that holds two commits of a repo (main, whose tokenizer is a
     * large file served through the redirect, and an older one a branch names): the Rust client gets main's, and
     * hubkit then reads its cache offline; the reverse too: the Rust client reads, offline, a cache hubkit wrote.
     */
    @Test
    void rustHfHubDownloadsFromACacheMirrorAndReadsOurCache() throws Exception {
        Path root = tmp.resolve("root");
        Path repo = Files.createDirectories(root.resolve("acme/tok"));
        Files.writeString(repo.resolve("tokenizer.json"), Fixtures.TOKENIZER_JSON);
        Path mirror = tmp.resolve("mirror-home/hub"); // hf-hub 0.4 reads HF_HOME (not HF_HUB_CACHE)
        RepoRef tok = RepoRef.model("acme/tok");
        String oldCommit;
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)));
             HubClient client = new HubClient(HubSettings.of(server.endpoint().toString(), mirror))) {
            client.downloadSnapshot(tok, "main", SnapshotOptions.defaults());
            oldCommit = Files.readString(mirror.resolve("models--acme--tok/refs/main")).strip();
        }
        // a new commit on main: other ids, and padded past the large-file threshold
        String newer = Fixtures.TOKENIZER_JSON.replace("\"hello\":1", "\"hello\":9").replace("\"hub\":3", "\"hub\":7")
                + " ".repeat(3 << 20);
        Files.writeString(repo.resolve("tokenizer.json"), newer);
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)));
             HubClient client = new HubClient(HubSettings.of(server.endpoint().toString(), mirror))) {
            client.downloadSnapshot(tok, "main", SnapshotOptions.defaults());
        }
        Path mirrorRepo = mirror.resolve("models--acme--tok");
        String newCommit = Files.readString(mirrorRepo.resolve("refs/main")).strip();
        assertThat(newCommit).isNotEqualTo(oldCommit);
        Files.writeString(mirrorRepo.resolve("refs/v1"), oldCommit);
        Path hfHome = tmp.resolve("rust-home");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new CacheRepoStore(new HubCache(mirror))))) {
            Forked.Result r = Forked.run(DjlHfHubMain.class,
                    Map.of("HF_ENDPOINT", server.endpoint().toString(), "HF_HOME", hfHome.toString()),
                    tmp.resolve("djl-mirror.log"), "acme/tok");
            assertThat(r.output()).contains("IDS [9, 2, 7]");
            assertThat(r.exit()).isZero();
        }
        Path cache = hfHome.resolve("hub");
        Path repoDir = cache.resolve("models--acme--tok");
        assertThat(Files.readString(repoDir.resolve("refs/main")).strip()).isEqualTo(newCommit);
        String sha = Fixtures.sha256(newer.getBytes(StandardCharsets.UTF_8));
        assertThat(repoDir.resolve("blobs/" + sha)).hasContent(newer);
        try (HubClient off = new HubClient(HubSettings.of("http://127.0.0.1:9", cache).withOffline(true))) {
            assertThat(off.downloadFile(tok, "tokenizer.json", "main")).hasContent(newer);
            assertThat(off.downloadFile(tok, "tokenizer.json", newCommit.substring(0, 40))).hasContent(newer);
        }
        try (CacheIndex idx = CacheIndex.open(new HubCache(cache), tmp.resolve("rust-index.db"))) {
            assertThat(new CacheMaintenance(new HubCache(cache), idx).verify(false)).isEmpty();
            assertThat(idx.list()).singleElement().satisfies(s -> {
                assertThat(s.files()).isEqualTo(1);
                assertThat(s.sizeOnDisk()).isEqualTo(newer.length());
            });
        }
        // the reverse: the Rust client reads the mirror hubkit wrote, its server unreachable
        Forked.Result offline = Forked.run(DjlHfHubMain.class,
                Map.of("HF_ENDPOINT", "http://127.0.0.1:9", "HF_HOME", mirror.getParent().toString()),
                tmp.resolve("djl-offline.log"), "acme/tok");
        assertThat(offline.output()).contains("IDS [9, 2, 7]");
        assertThat(offline.exit()).isZero();
    }
}
