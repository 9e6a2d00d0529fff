package dev.hubkit.hub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.cache.HubCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --cache} of the cache layouts huggingface_hub writes besides blob links: real files in the
 * snapshot (no symlinks), with or without the commit's {@code trees/<commit>.json} listing, and snapshots the
 * listing says are partial. A large file is answered as the hub answered it (tree {@code lfs}, redirect, sha256
 * etag), whatever the layout.
 */
class CacheMirrorLayoutTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMMIT = "c0ffee" + "0".repeat(34);
    private static final RepoRef REPO = RepoRef.model("acme/tiny");
    private static final byte[] CONFIG = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BIG = random(3000, 1);
    private static final byte[] BIG2 = random(2500, 2);

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    /** A snapshot of real files whose tree listing says big.bin is a large file: served as one. */
    @Test
    void realFilesTakeTheirIdsFromTheTreeListing() throws Exception {
        Path repo = tmp.resolve("cache/models--acme--tiny");
        Path snap = newSnapshot(repo);
        Files.write(snap.resolve("config.json"), CONFIG);
        Files.write(snap.resolve("big.bin"), BIG);
        // a large file below any size threshold: only the listing can tell
        ObjectNode files = JSON.createObjectNode();
        files.set("config.json", entry(CONFIG, false));
        files.set("big.bin", entry(BIG, true));
        writeListing(repo, files);
        try (HubServer server = HubServer.start(ServerOptions.loopback(
                new CacheRepoStore(new HubCache(tmp.resolve("cache")), 1L << 30)))) {
            JsonNode tree = JSON.readTree(get(server, "/api/models/acme/tiny/tree/main").body());
            JsonNode big = find(tree, "big.bin");
            assertThat(big.get("oid").asText()).isEqualTo(pointerOid(BIG));
            assertThat(big.get("lfs").get("oid").asText()).isEqualTo(sha256(BIG));
            assertThat(big.get("lfs").get("size").asLong()).isEqualTo(BIG.length);
            JsonNode config = find(tree, "config.json");
            assertThat(config.get("oid").asText()).isEqualTo(gitOid(CONFIG));
            assertThat(config.has("lfs")).isFalse();

            HttpResponse<byte[]> head = send(server, "HEAD", "/acme/tiny/resolve/main/big.bin");
            assertThat(head.statusCode()).isEqualTo(302);
            assertThat(head.headers().firstValue("ETag")).hasValue("\"" + sha256(BIG) + "\"");
            assertThat(head.headers().firstValue("X-Linked-Etag")).hasValue("\"" + sha256(BIG) + "\"");
            assertThat(head.headers().firstValue("X-Linked-Size")).hasValue(Integer.toString(BIG.length));
            HttpResponse<byte[]> bytes = send(server, "GET", URI.create(head.headers().firstValue("Location")
                    .orElseThrow()).getRawPath() + "?" + URI.create(head.headers().firstValue("Location")
                    .orElseThrow()).getRawQuery());
            assertThat(bytes.statusCode()).isEqualTo(200);
            assertThat(bytes.body()).isEqualTo(BIG);
            HttpResponse<byte[]> small = send(server, "GET", "/acme/tiny/resolve/main/config.json");
            assertThat(small.headers().firstValue("ETag")).hasValue("\"" + gitOid(CONFIG) + "\"");
            assertThat(small.body()).isEqualTo(CONFIG);
        }
    }

    /**
     * Without a listing, a real file of at least the threshold is a large file whose etag is its sha256 (the
     * name its blob would have had); smaller ones are git blobs. A listing of an unknown format is not read.
     */
    @Test
    void realFilesWithoutAListingAreLargeFromTheThreshold() throws Exception {
        Path repo = tmp.resolve("cache/models--acme--tiny");
        Path snap = newSnapshot(repo);
        Files.write(snap.resolve("config.json"), CONFIG);
        Files.write(snap.resolve("big.bin"), BIG);
        Files.createDirectories(repo.resolve("trees"));
        Files.writeString(repo.resolve("trees/" + COMMIT + ".json"), "{\"format_version\": 2, \"files\": {}}");
        CacheRepoStore store = new CacheRepoStore(new HubCache(tmp.resolve("cache")), 1000);
        ServedFile big = store.snapshot(REPO, "main").orElseThrow().files().get("big.bin");
        assertThat(big.isLfs()).isTrue();
        assertThat(big.sha256()).isEqualTo(sha256(BIG));
        assertThat(big.oid()).isEqualTo(pointerOid(BIG));
        ServedFile config = store.snapshot(REPO, "main").orElseThrow().files().get("config.json");
        assertThat(config.isLfs()).isFalse();
        assertThat(config.oid()).isEqualTo(gitOid(CONFIG));
        // the default threshold (10 MiB): a 3000-byte file is a git blob
        ServedFile plain = new CacheRepoStore(new HubCache(tmp.resolve("cache"))).snapshot(REPO, "main")
                .orElseThrow().files().get("big.bin");
        assertThat(plain.isLfs()).isFalse();
        assertThat(plain.oid()).isEqualTo(gitOid(BIG));
    }

    /** A real file's hash is reused while its size and modification time stay, and redone when they change. */
    @Test
    void hashOfARealFileIsKeptPerSizeAndModificationTime() throws Exception {
        Path snap = newSnapshot(tmp.resolve("cache/models--acme--tiny"));
        Path file = snap.resolve("big.bin");
        Files.write(file, BIG);
        FileTime t0 = FileTime.fromMillis(1_700_000_000_000L);
        Files.setLastModifiedTime(file, t0);
        CacheRepoStore store = new CacheRepoStore(new HubCache(tmp.resolve("cache")), 1000);
        assertThat(store.relist(REPO, "main").orElseThrow().files().get("big.bin").sha256()).isEqualTo(sha256(BIG));
        byte[] other = random(BIG.length, 9);
        Files.write(file, other);
        Files.setLastModifiedTime(file, t0);
        // same size, same time: the earlier hash stands (it is not computed again on every listing)
        assertThat(store.relist(REPO, "main").orElseThrow().files().get("big.bin").sha256()).isEqualTo(sha256(BIG));
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_001_000L));
        assertThat(store.relist(REPO, "main").orElseThrow().files().get("big.bin").sha256()).isEqualTo(sha256(other));
    }

    /** Symlinked blobs keep their etags, next to real files in the same snapshot. */
    @Test
    void blobLinksKeepTheirEtags() throws Exception {
        Path repo = tmp.resolve("cache/models--acme--tiny");
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Path snap = newSnapshot(repo);
        Files.write(blobs.resolve(sha256(BIG)), BIG);
        Files.createSymbolicLink(snap.resolve("big.bin"), Path.of("../../blobs/" + sha256(BIG)));
        Files.write(blobs.resolve(gitOid(CONFIG)), CONFIG);
        Files.createSymbolicLink(snap.resolve("config.json"), Path.of("../../blobs/" + gitOid(CONFIG)));
        Files.write(snap.resolve("big2.bin"), BIG2);
        CacheRepoStore store = new CacheRepoStore(new HubCache(tmp.resolve("cache")), 1000);
        RepoSnapshot s = store.snapshot(REPO, "main").orElseThrow();
        assertThat(s.files().get("big.bin").sha256()).isEqualTo(sha256(BIG));
        assertThat(s.files().get("big.bin").oid()).isEqualTo(pointerOid(BIG));
        assertThat(s.files().get("config.json").etag()).isEqualTo(gitOid(CONFIG));
        assertThat(s.files().get("config.json").isLfs()).isFalse();
        assertThat(s.files().get("big2.bin").sha256()).isEqualTo(sha256(BIG2));
    }

    /**
     * A snapshot the listing says is partial lists only the files it holds; a listed file it lacks is
     * "entry not found", and so is a file whose size is not the listed one (not the commit's content).
     */
    @Test
    void partialSnapshotListsOnlyWhatItCanServe() throws Exception {
        Path repo = tmp.resolve("cache/models--acme--tiny");
        Path snap = newSnapshot(repo);
        Files.write(snap.resolve("config.json"), CONFIG);
        Files.createDirectories(snap.resolve("sub"));
        // an interrupted copy: shorter than the listed file
        Files.write(snap.resolve("sub/big2.bin"), java.util.Arrays.copyOf(BIG2, 100));
        ObjectNode files = JSON.createObjectNode();
        files.set("config.json", entry(CONFIG, false));
        files.set("big.bin", entry(BIG, true));
        files.set("sub/big2.bin", entry(BIG2, true));
        writeListing(repo, files);
        // huggingface_hub's marker of a file the commit lacks: no effect on what is served
        Files.createDirectories(repo.resolve(".no_exist/" + COMMIT));
        Files.writeString(repo.resolve(".no_exist/" + COMMIT + "/missing.txt"), "");
        Files.writeString(tmp.resolve("cache/CACHEDIR.TAG"), "Signature: 8a477f597d28d172789f06886806bc55\n");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new CacheRepoStore(new HubCache(tmp.resolve("cache")))))) {
            JsonNode tree = JSON.readTree(get(server, "/api/models/acme/tiny/tree/main?recursive=true").body());
            assertThat(paths(tree)).containsExactly("config.json");
            JsonNode info = JSON.readTree(get(server, "/api/models/acme/tiny").body());
            assertThat(info.get("siblings")).hasSize(1);
            assertThat(get(server, "/api/models/acme/tiny/tree/main/sub").statusCode()).isEqualTo(404);
            for (String path : List.of("big.bin", "sub/big2.bin", "missing.txt")) {
                HttpResponse<byte[]> r = send(server, "GET", "/acme/tiny/resolve/main/" + path);
                assertThat(r.statusCode()).as(path).isEqualTo(404);
                assertThat(r.headers().firstValue("X-Error-Code")).as(path).hasValue("EntryNotFound");
                assertThat(r.headers().firstValue("X-Repo-Commit")).as(path).hasValue(COMMIT);
            }
            HttpResponse<byte[]> pathsInfo = http.send(HttpRequest.newBuilder(
                            URI.create(server.endpoint() + "/api/models/acme/tiny/paths-info/main"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"paths\": [\"config.json\", \"big.bin\", \"sub\"]}"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(paths(JSON.readTree(pathsInfo.body()))).containsExactly("config.json");
        }
    }

    /** The snapshot folder of {@link #COMMIT}, which {@code main} names. */
    private static Path newSnapshot(Path repo) throws Exception {
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), COMMIT);
        return Files.createDirectories(repo.resolve("snapshots/" + COMMIT));
    }

    private static void writeListing(Path repo, ObjectNode files) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", 1);
        root.set("files", files);
        Files.createDirectories(repo.resolve("trees"));
        Files.write(repo.resolve("trees/" + COMMIT + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    /** A listing entry as huggingface_hub writes it. */
    private static ObjectNode entry(byte[] content, boolean lfs) throws Exception {
        ObjectNode e = JSON.createObjectNode();
        e.put("size", content.length);
        e.put("blob_id", lfs ? pointerOid(content) : gitOid(content));
        if (lfs) {
            e.put("lfs_sha256", sha256(content));
            e.put("lfs_size", content.length);
        }
        return e;
    }

    private static JsonNode find(JsonNode tree, String path) {
        for (JsonNode n : tree) {
            if (n.get("path").asText().equals(path)) {
                return n;
            }
        }
        throw new AssertionError(path + " not in " + tree);
    }

    private static List<String> paths(JsonNode tree) {
        List<String> out = new ArrayList<>();
        tree.forEach(n -> out.add(n.get("path").asText()));
        return out;
    }

    private HttpResponse<String> get(HubServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> send(HubServer server, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static String gitOid(byte[] b) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        md.update(("blob " + b.length + "\0").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(md.digest(b));
    }

    /** The git id of a large file: that of its git-lfs pointer. */
    private static String pointerOid(byte[] b) throws Exception {
        return gitOid(("version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256(b) + "\nsize " + b.length
                + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
