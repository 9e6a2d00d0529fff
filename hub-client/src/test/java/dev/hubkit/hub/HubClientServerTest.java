package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.hub.cache.HubCache;
import dev.hubkit.hub.server.CacheRepoStore;
import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubClientServerTest {

    @TempDir
    Path tmp;
    HubServer server;
    Path root;
    byte[] big;

    @BeforeEach
    void start() throws Exception {
        root = tmp.resolve("root");
        Path repo = Fixtures.tinyRepo(root, 3 << 20);
        big = Files.readAllBytes(repo.resolve("big.bin"));
        Files.createDirectories(root.resolve("datasets/acme/data"));
        Files.writeString(root.resolve("datasets/acme/data/train.csv"), "a,b\n1,2\n");
        Files.createDirectories(root.resolve("acme/private"));
        Files.writeString(root.resolve("acme/private/secret.txt"), "s3cret");
        Files.createDirectories(root.resolve("acme/gated"));
        Files.writeString(root.resolve("acme/gated/g.txt"), "gated");
        Files.createDirectories(root.resolve("acme/empty"));
        Files.write(root.resolve("acme/empty/empty.txt"), new byte[0]);
        server = HubServer.start(new ServerOptions("127.0.0.1", 0, new DirectoryRepoStore(root, 1 << 20),
                Map.of("acme/private", "tok-private"), Map.of("acme/gated", "tok-gated"), 16));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HubClient client(Path cache) {
        return new HubClient(HubSettings.of(server.endpoint().toString(), cache)
                .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    @Test
    void downloadsIntoHuggingfaceHubLayout() throws Exception {
        Path cache = tmp.resolve("cache");
        try (HubClient c = client(cache)) {
            Path p = c.downloadFile(RepoRef.model("acme/tiny"), "sub/notes.txt", "main");
            assertThat(Files.readString(p)).isEqualTo("hello hub\n");
            Path repoDir = cache.resolve("models--acme--tiny");
            String commit = Files.readString(repoDir.resolve("refs/main"));
            assertThat(commit).matches("[0-9a-f]{40}");
            assertThat(p).isEqualTo(repoDir.resolve("snapshots/" + commit + "/sub/notes.txt"));
            assertThat(Files.isSymbolicLink(p)).isTrue();
            String etag = Fixtures.gitSha1("hello hub\n".getBytes(StandardCharsets.UTF_8));
            assertThat(Files.readSymbolicLink(p).toString()).isEqualTo("../../../blobs/" + etag);

            Path b = c.downloadFile(RepoRef.model("acme/tiny"), "big.bin", "main");
            assertThat(Files.readSymbolicLink(b).toString()).isEqualTo("../../blobs/" + Fixtures.sha256(big));
            assertThat(Files.readAllBytes(b)).isEqualTo(big);
            try (var s = Files.list(repoDir.resolve("blobs"))) {
                assertThat(s.map(x -> x.getFileName().toString())).noneMatch(n -> n.contains("incomplete"));
            }
            // a commit hash revision is answered from the cache
            assertThat(c.downloadFile(RepoRef.model("acme/tiny"), "big.bin", commit)).isEqualTo(b);
        }
    }

    @Test
    void snapshotWithPatternsListingAndInfo() throws Exception {
        try (HubClient c = client(tmp.resolve("cache"))) {
            RepoInfo info = c.repoInfo(RepoRef.model("acme/tiny"), "main");
            assertThat(info.siblings()).containsExactly("big.bin", "config.json", "sub/notes.txt", "tokenizer.json");
            List<RepoFile> files = c.listFiles(RepoRef.model("acme/tiny"), "main");
            assertThat(files).extracting(RepoFile::path).containsExactlyInAnyOrder(
                    "big.bin", "config.json", "sub/notes.txt", "tokenizer.json");
            assertThat(files.stream().filter(f -> f.path().equals("big.bin")).findFirst().orElseThrow().lfsSha256())
                    .isEqualTo(Fixtures.sha256(big));
            Path snap = c.downloadSnapshot(RepoRef.model("acme/tiny"), "main",
                    SnapshotOptions.defaults().withPatterns(List.of("*.json", "sub/"), List.of("tokenizer*")));
            assertThat(snap.getFileName().toString()).isEqualTo(info.sha());
            assertThat(Files.exists(snap.resolve("config.json"))).isTrue();
            assertThat(Files.exists(snap.resolve("sub/notes.txt"))).isTrue();
            assertThat(Files.exists(snap.resolve("tokenizer.json"))).isFalse();
            assertThat(Files.exists(snap.resolve("big.bin"))).isFalse();
            assertThat(c.fileExists(RepoRef.model("acme/tiny"), "config.json", "main")).isTrue();
            assertThat(c.fileExists(RepoRef.model("acme/tiny"), "nope.bin", "main")).isFalse();
            assertThat(Files.size(c.downloadFile(RepoRef.model("acme/empty"), "empty.txt", "main"))).isZero();
            Path d = c.downloadFile(RepoRef.dataset("acme/data"), "train.csv", "main");
            assertThat(d.toString()).contains("datasets--acme--data");
        }
    }

    @Test
    void errorsAreTypedAndSayWhatToDo() throws Exception {
        Path cache = tmp.resolve("cache");
        try (HubClient c = client(cache)) {
            assertThatThrownBy(() -> c.downloadFile(RepoRef.model("acme/x"), "a.txt", "main"))
                    .isInstanceOf(RepositoryNotFoundException.class).hasMessageContaining("repository acme/x not found");
            assertThatThrownBy(() -> c.downloadFile(RepoRef.model("acme/tiny"), "nope.bin", "main"))
                    .isInstanceOf(EntryNotFoundException.class)
                    .hasMessageContaining("file nope.bin not found in acme/tiny@main");
            String commit = Files.readString(cache.resolve("models--acme--tiny/refs/main"));
            assertThat(cache.resolve("models--acme--tiny/.no_exist/" + commit + "/nope.bin")).exists();
            assertThatThrownBy(() -> c.downloadFile(RepoRef.model("acme/tiny"), "config.json", "v9"))
                    .isInstanceOf(RevisionNotFoundException.class).hasMessageContaining("revision v9 not found");
            assertThatThrownBy(() -> c.downloadFile(RepoRef.model("acme/gated"), "g.txt", "main"))
                    .isInstanceOf(GatedRepoException.class).hasMessageContaining("acme/gated is gated: pass a token");
            assertThatThrownBy(() -> c.downloadFile(RepoRef.model("acme/private"), "secret.txt", "main"))
                    .isInstanceOf(RepositoryNotFoundException.class);
            assertThatThrownBy(() -> c.downloadFile(RepoRef.model("acme/tiny"), "../../etc/passwd", "main"))
                    .isInstanceOf(UnsafePathException.class);
            assertThatThrownBy(() -> c.downloadFile(RepoRef.model("acme/tiny"), "/etc/passwd", "main"))
                    .isInstanceOf(UnsafePathException.class);
        }
        try (HubClient c = new HubClient(HubSettings.of(server.endpoint().toString(), cache).withToken("tok-gated"))) {
            assertThat(Files.readString(c.downloadFile(RepoRef.model("acme/gated"), "g.txt", "main"))).isEqualTo("gated");
        }
        try (HubClient c = new HubClient(HubSettings.of(server.endpoint().toString(), cache).withToken("wrong"))) {
            assertThatThrownBy(() -> c.downloadFile(RepoRef.model("acme/private"), "secret.txt", "main"))
                    .isInstanceOf(RepositoryNotFoundException.class).hasMessageNotContaining("wrong");
        }
    }

    @Test
    void offlineAndUnreachableUseTheCache() throws Exception {
        Path cache = tmp.resolve("cache");
        Path online;
        try (HubClient c = client(cache)) {
            online = c.downloadFile(RepoRef.model("acme/tiny"), "config.json", "main");
            c.downloadSnapshot(RepoRef.model("acme/tiny"), "main", SnapshotOptions.defaults().withPatterns(
                    List.of("sub/*"), List.of()));
        }
        try (HubClient off = new HubClient(HubSettings.of(server.endpoint().toString(), cache).withOffline(true))) {
            assertThat(off.downloadFile(RepoRef.model("acme/tiny"), "config.json", "main")).isEqualTo(online);
            assertThatThrownBy(() -> off.downloadFile(RepoRef.model("acme/tiny"), "big.bin", "main"))
                    .isInstanceOf(LocalEntryNotFoundException.class)
                    .hasMessageContaining("big.bin").hasMessageContaining("acme/tiny@main");
            assertThat(off.downloadSnapshot(RepoRef.model("acme/tiny"), "main", SnapshotOptions.defaults()
                    .withPatterns(List.of("sub/*"), List.of()))).isEqualTo(online.getParent());
            // the whole snapshot is not there, and the commit's tree listing says so (huggingface_hub 2.0)
            assertThatThrownBy(() -> off.downloadSnapshot(RepoRef.model("acme/tiny"), "main",
                    SnapshotOptions.defaults())).isInstanceOf(IncompleteSnapshotException.class)
                    .isInstanceOf(LocalEntryNotFoundException.class).hasMessageContaining("big.bin");
        }
        server.close();
        try (HubClient down = new HubClient(HubSettings.of(server.endpoint().toString(), cache)
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500))
                .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(20)))) {
            assertThat(down.downloadFile(RepoRef.model("acme/tiny"), "config.json", "main")).isEqualTo(online);
            assertThatThrownBy(() -> down.downloadFile(RepoRef.model("acme/tiny"), "big.bin", "main"))
                    .isInstanceOf(LocalEntryNotFoundException.class).hasMessageContaining("could not be reached");
        }
    }

    @Test
    void serveCacheIsAMirrorWithTheSameCommits() throws Exception {
        Path cache = tmp.resolve("cache");
        String commit;
        try (HubClient c = client(cache)) {
            Path snap = c.downloadSnapshot(RepoRef.model("acme/tiny"), "main", SnapshotOptions.defaults());
            commit = snap.getFileName().toString();
        }
        try (HubServer mirror = HubServer.start(ServerOptions.loopback(new CacheRepoStore(new HubCache(cache))));
             HubClient c2 = new HubClient(HubSettings.of(mirror.endpoint().toString(), tmp.resolve("cache2")))) {
            Path snap2 = c2.downloadSnapshot(RepoRef.model("acme/tiny"), "main", SnapshotOptions.defaults());
            assertThat(snap2.getFileName().toString()).isEqualTo(commit);
            assertThat(Files.readAllBytes(snap2.resolve("big.bin"))).isEqualTo(big);
            assertThat(Files.readSymbolicLink(snap2.resolve("big.bin")).toString())
                    .isEqualTo("../../blobs/" + Fixtures.sha256(big));
            assertThat(c2.downloadFile(RepoRef.model("acme/tiny"), "config.json", commit)).exists();
        }
    }

    @Test
    void readsACacheLaidOutByHuggingfaceHubOffline() throws Exception {
        // exactly what huggingface_hub writes: blobs named by etag, relative links, refs/main
        Path cache = tmp.resolve("pycache");
        String commit = "0123456789abcdef0123456789abcdef01234567";
        Path repo = cache.resolve("models--org--pyrepo");
        byte[] cfg = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String etag = Fixtures.gitSha1(cfg);
        Files.createDirectories(repo.resolve("blobs"));
        Files.write(repo.resolve("blobs/" + etag), cfg);
        Files.createDirectories(repo.resolve("snapshots/" + commit + "/nested"));
        Files.createSymbolicLink(repo.resolve("snapshots/" + commit + "/nested/config.json"),
                Path.of("../../../blobs/" + etag));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), commit);
        Files.createDirectories(repo.resolve(".no_exist/" + commit));
        Files.createFile(repo.resolve(".no_exist/" + commit + "/missing.txt"));
        try (HubClient off = new HubClient(HubSettings.of("http://127.0.0.1:9", cache).withOffline(true))) {
            Path p = off.downloadFile(RepoRef.model("org/pyrepo"), "nested/config.json", "main");
            assertThat(Files.readAllBytes(p)).isEqualTo(cfg);
            assertThat(off.downloadFile(RepoRef.model("org/pyrepo"), "nested/config.json", commit)).isEqualTo(p);
            assertThatThrownBy(() -> off.downloadFile(RepoRef.model("org/pyrepo"), "missing.txt", "main"))
                    .isInstanceOf(EntryNotFoundException.class);
        }
    }

    @Test
    void environmentSettingsFollowHuggingfaceHub() throws Exception {
        Path home = tmp.resolve("hfhome");
        Files.createDirectories(home);
        Files.writeString(home.resolve("token"), "hf_filetoken\n");
        HubSettings s = HubSettings.fromEnvironment(Map.of("HF_HOME", home.toString(), "HF_HUB_OFFLINE", "1",
                "HF_ENDPOINT", "http://mirror.local:8080/"));
        assertThat(s.cacheDir()).isEqualTo(home.resolve("hub"));
        assertThat(s.token()).isEqualTo("hf_filetoken");
        assertThat(s.offline()).isTrue();
        assertThat(s.endpoint()).isEqualTo("http://mirror.local:8080");
        assertThat(s.toString()).doesNotContain("hf_filetoken");
        HubSettings s2 = HubSettings.fromEnvironment(Map.of("HF_HOME", home.toString(), "HF_HUB_CACHE", "/x/c",
                "HF_TOKEN", "hf_env"));
        assertThat(s2.cacheDir()).isEqualTo(Path.of("/x/c"));
        assertThat(s2.token()).isEqualTo("hf_env");
        assertThat(s2.offline()).isFalse();
    }

    @Test
    void pathSettingsExpandVariablesAndTheHomeFolderAsPythonDoes() throws Exception {
        Path home = tmp.resolve("h");
        Files.createDirectories(home);
        Files.writeString(home.resolve("tok"), "hf_fromvar\n");
        // os.path.expandvars(os.path.expanduser(p)): ~ first, then $NAME and ${NAME}; unset names stay as written
        HubSettings s = HubSettings.fromEnvironment(Map.of("HOME", home.toString(), "BASE", home.toString(),
                "HF_HOME", "~/hf", "HF_HUB_CACHE", "$BASE/c/${BASE}x/$UNSET_NAME", "HF_TOKEN_PATH", "${BASE}/tok"));
        assertThat(s.cacheDir()).isEqualTo(Path.of(home + "/c/" + home + "x/$UNSET_NAME"));
        assertThat(s.token()).isEqualTo("hf_fromvar");
        assertThat(HubSettings.fromEnvironment(Map.of("HOME", home.toString(), "HF_HOME", "~")).cacheDir())
                .isEqualTo(home.resolve("hub"));
    }
}
