package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot names blobs after the listing's ids and fetches each missing file with one request
 * (no {@code HEAD}); the cache it leaves is the one the {@code HEAD} path (huggingface_hub's
 * hf_hub_download) leaves, and a listing whose ids disagree with the content never names a blob.
 */
class SnapshotRequestsTest {

    private static final RepoRef REPO = RepoRef.model("acme/tiny");

    @TempDir
    Path tmp;
    HubServer server;
    FaultProxy proxy;
    Path root;
    List<String> files;

    @BeforeEach
    void start() throws Exception {
        root = tmp.resolve("root");
        Path repo = Fixtures.tinyRepo(root, 2 << 20);
        for (int i = 0; i < 12; i++) {
            Path f = repo.resolve("part-" + (i % 3) + "/file-" + i + ".txt");
            Files.createDirectories(f.getParent());
            Files.write(f, Fixtures.random(100 + 37 * i, i));
        }
        // two paths with the same content share one blob
        Files.writeString(repo.resolve("part-0/copy-of-notes.txt"), "hello hub\n");
        files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(repo)) {
            s.filter(Files::isRegularFile).forEach(p -> files.add(repo.relativize(p).toString().replace('\\', '/')));
        }
        server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)));
        proxy = new FaultProxy(server.endpoint());
    }

    @AfterEach
    void stop() {
        proxy.close();
        server.close();
    }

    private HubClient client(Path cache) {
        return new HubClient(HubSettings.of(proxy.endpoint().toString(), cache)
                .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    private Path snapshot(Path cache, int workers) {
        try (HubClient c = client(cache)) {
            return c.downloadSnapshot(REPO, "main", SnapshotOptions.defaults().withWorkers(workers));
        }
    }

    private long count(String prefix) {
        return proxy.log.stream().filter(l -> l.startsWith(prefix)).count();
    }

    @Test
    void oneRequestPerMissingFileAndNoneForCachedBlobs() throws Exception {
        Path cache = tmp.resolve("cache");
        Path snap = snapshot(cache, 4);
        String commit = snap.getFileName().toString();
        assertThat(proxy.log).noneMatch(l -> l.startsWith("HEAD"));
        assertThat(count("GET /api/models/acme/tiny/revision/main")).isEqualTo(1);
        List<String> shared = List.of("sub/notes.txt", "part-0/copy-of-notes.txt");
        for (String f : files) {
            if (!shared.contains(f)) {
                assertThat(count("GET /acme/tiny/resolve/" + commit + "/" + f + " ")).as(f).isEqualTo(1);
            }
            assertThat(snap.resolve(f)).hasSameBinaryContentAs(root.resolve("acme/tiny").resolve(f));
        }
        // one request per missing blob: of two files with the same content, one is fetched
        assertThat(count("GET /acme/tiny/resolve/" + commit + "/" + shared.get(0) + " ")
                + count("GET /acme/tiny/resolve/" + commit + "/" + shared.get(1) + " ")).isEqualTo(1);
        // the large file: its resolve request plus the redirect it answers with
        assertThat(count("GET /_lfs/")).isEqualTo(1);
        assertThat(proxy.log).hasSize(1 + (files.size() - 1) + 1);

        // everything cached: the listing only
        proxy.log.clear();
        snapshot(cache, 4);
        assertThat(proxy.log).singleElement().satisfies(l -> assertThat(l).startsWith("GET /api/"));

        // one blob gone (with its link), one link gone but its blob still there: one file is fetched
        Path repoDir = cache.resolve("models--acme--tiny");
        Path gone = snap.resolve("part-1/file-4.txt");
        Files.delete(repoDir.resolve("blobs").resolve(Files.readSymbolicLink(gone).getFileName()));
        Files.delete(gone);
        Files.delete(snap.resolve("config.json"));
        proxy.log.clear();
        snapshot(cache, 1);
        assertThat(proxy.log).hasSize(2).noneMatch(l -> l.startsWith("HEAD"));
        assertThat(count("GET /acme/tiny/resolve/" + commit + "/part-1/file-4.txt ")).isEqualTo(1);
        assertThat(snap.resolve("part-1/file-4.txt"))
                .hasSameBinaryContentAs(root.resolve("acme/tiny/part-1/file-4.txt"));
        assertThat(snap.resolve("config.json")).hasSameBinaryContentAs(root.resolve("acme/tiny/config.json"));
    }

    @Test
    void theCacheIsTheOneTheHeadPathLeaves() throws Exception {
        Path viaListing = tmp.resolve("listing");
        snapshot(viaListing, 4);
        assertThat(proxy.log).noneMatch(l -> l.startsWith("HEAD"));

        proxy.log.clear();
        Path viaHead = tmp.resolve("head");
        try (HubClient c = client(viaHead)) {
            for (String f : files) {
                c.downloadFile(REPO, f, "main");
            }
        }
        assertThat(count("HEAD ")).isEqualTo(files.size());

        // as huggingface_hub: snapshot_download also keeps the commit's tree listing, hf_hub_download does not
        Map<String, String> listed = manifest(viaListing);
        String commit = Files.readString(viaListing.resolve("models--acme--tiny/refs/main")).strip();
        assertThat(listed.remove("models--acme--tiny/trees/" + commit + ".json")).startsWith("file ");
        assertThat(listed.remove("models--acme--tiny/trees")).isEqualTo("dir");
        assertThat(listed).isEqualTo(manifest(viaHead)).containsKey("models--acme--tiny/refs/main");
    }

    @Test
    void aListingWhoseIdsDisagreeWithTheContentNeverNamesABlob() throws Exception {
        byte[] big = Files.readAllBytes(root.resolve("acme/tiny/big.bin"));
        byte[] config = Files.readAllBytes(root.resolve("acme/tiny/config.json"));
        String wrongSha = Fixtures.sha256("not the big file".getBytes(StandardCharsets.UTF_8));
        String wrongOid = Fixtures.gitSha1("not the config".getBytes(StandardCharsets.UTF_8));
        Path cache = tmp.resolve("cache");

        String bigSha = Fixtures.sha256(big);
        String configOid = Fixtures.gitSha1(config);
        proxy.rewriteApi = body -> body.replace(bigSha, wrongSha);
        assertThatThrownBy(() -> snapshot(cache, 1)).isInstanceOf(CorruptDownloadException.class)
                .hasMessageContaining("sha256").hasMessageContaining("big.bin");
        assertNoBlobNamed(cache, wrongSha, bigSha);
        assertThat(proxy.log).noneMatch(l -> l.startsWith("HEAD"));

        proxy.rewriteApi = body -> body.replace(configOid, wrongOid);
        assertThatThrownBy(() -> snapshot(cache, 4)).isInstanceOf(CorruptDownloadException.class)
                .hasMessageContaining("git blob id").hasMessageContaining("config.json");
        assertNoBlobNamed(cache, wrongOid, configOid);

        // an honest listing afterwards gives the same cache as a fresh download (but for the lock files
        // of the names that were refused: lock files stay, as huggingface_hub's do)
        proxy.rewriteApi = null;
        snapshot(cache, 4);
        Path fresh = tmp.resolve("fresh");
        snapshot(fresh, 4);
        Map<String, String> got = manifest(cache);
        got.keySet().removeIf(k -> k.endsWith(wrongSha + ".lock") || k.endsWith(wrongOid + ".lock"));
        // the tree listing is written once per commit, before the files (as huggingface_hub's): the first,
        // lying listing's stays; it names no blob
        got.keySet().removeIf(k -> k.contains("/trees/"));
        Map<String, String> want = manifest(fresh);
        want.keySet().removeIf(k -> k.contains("/trees/"));
        assertThat(got).isEqualTo(want);
    }

    @Test
    void parallelChunksCheckTheListedGitBlobIdToo() throws Exception {
        // regular files of at least 256 bytes go through ranged chunks here (the large file is left out)
        byte[] file = Files.readAllBytes(root.resolve("acme/tiny/part-2/file-11.txt"));
        String oid = Fixtures.gitSha1(file);
        String wrongOid = Fixtures.gitSha1("something else".getBytes(StandardCharsets.UTF_8));
        Path cache = tmp.resolve("cache");
        HubSettings chunked = HubSettings.of(proxy.endpoint().toString(), cache)
                .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(50)).withChunks(256, 128, 3);
        SnapshotOptions part2 = SnapshotOptions.defaults().withPatterns(List.of("part-2/*"), List.of());
        proxy.rewriteApi = body -> body.replace(oid, wrongOid);
        try (HubClient c = new HubClient(chunked)) {
            assertThatThrownBy(() -> c.downloadSnapshot(REPO, "main", part2))
                    .isInstanceOf(CorruptDownloadException.class).hasMessageContaining("git blob id");
        }
        assertNoBlobNamed(cache, wrongOid, oid);
        assertThat(proxy.log).anyMatch(l -> l.contains("/part-2/file-11.txt") && l.contains("range=bytes="));

        proxy.rewriteApi = null;
        try (HubClient c = new HubClient(chunked)) {
            Path snap = c.downloadSnapshot(REPO, "main", part2);
            assertThat(snap.resolve("part-2/file-11.txt")).hasBinaryContent(file);
            assertThat(Files.readSymbolicLink(snap.resolve("part-2/file-11.txt")).toString())
                    .isEqualTo("../../../blobs/" + oid);
        }
    }

    @Test
    void filesWithoutIdsInTheListingFallBackToHead() throws Exception {
        // a listing without blob ids (an older server or mirror): regular files are asked for with HEAD,
        // the large file still is not (its sha256 is listed)
        proxy.rewriteApi = body -> body.replaceAll("\"blobId\":\"[0-9a-f]+\",?", "");
        Path cache = tmp.resolve("cache");
        Path snap = snapshot(cache, 4);
        assertThat(count("HEAD ")).isEqualTo(files.size() - 1);
        assertThat(proxy.log).noneMatch(l -> l.startsWith("HEAD") && l.contains("big.bin"));
        proxy.rewriteApi = null;
        Path fresh = tmp.resolve("fresh");
        snapshot(fresh, 4);
        // without blob ids there is no tree listing to keep (huggingface_hub's needs blob_id for every file)
        Map<String, String> want = manifest(fresh);
        want.keySet().removeIf(k -> k.contains("/trees"));
        assertThat(manifest(cache)).isEqualTo(want);
        assertThat(snap.resolve("sub/notes.txt")).hasContent("hello hub\n");
    }

    private static void assertNoBlobNamed(Path cache, String... names) throws Exception {
        Path blobs = cache.resolve("models--acme--tiny/blobs");
        if (!Files.isDirectory(blobs)) {
            return;
        }
        try (Stream<Path> s = Files.list(blobs)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> List.of(names).stream().anyMatch(n::startsWith));
        }
    }

    /** Every path under the cache folder: folders, links with their targets, files with their content hash. */
    private static Map<String, String> manifest(Path cache) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(cache)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = cache.relativize(p).toString().replace('\\', '/');
                if (Files.isSymbolicLink(p)) {
                    m.put(rel, "link " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    m.put(rel, "dir");
                } else {
                    m.put(rel, "file " + Fixtures.sha256(Files.readAllBytes(p)));
                }
            }
        }
        return m;
    }
}
