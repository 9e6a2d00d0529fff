package dev.hubkit.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubkit serve --root}: org folders are never repos, files are answered from a listing that matches the
 * disk, empty files, revision {@code HEAD}, {@code raw}, private and gated keys per repo type, public metadata of
 * gated repos, and one answer for missing and private repos.
 */
class ServerHardeningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRIV = "tok-priv";
    private static final String GATE = "tok-gate";
    private static final String DATA = "tok-data";

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    /** acme/pub, private acme/priv, gated acme/gated, private dataset acme/ds, a space, an empty file. */
    private Path root() throws Exception {
        Path root = tmp.resolve("root");
        write(root, "acme/pub/config.json", "{\"pub\": 1}");
        write(root, "acme/pub/empty.txt", "");
        write(root, "acme/pub/big.bin", "0123456789".repeat(10));
        write(root, "acme/priv/config.json", "{\"secret\": 1}");
        write(root, "acme/gated/config.json", "{\"gated\": 1}");
        write(root, "acme/gated/big.bin", "abcdefghij".repeat(10));
        write(root, "datasets/acme/ds/train.csv", "secret,data\n");
        write(root, "spaces/acme/app/app.py", "print('secret')\n");
        return root;
    }

    private HubServer start(Path root) {
        return HubServer.start(new ServerOptions("127.0.0.1", 0, new DirectoryRepoStore(root, 64),
                Map.of("acme/priv", PRIV, "datasets/acme/ds", DATA, "spaces/acme/app", PRIV),
                Map.of("acme/gated", GATE), 4));
    }

    @Test
    void anOrgFolderIsNeverARepo() throws Exception {
        try (HubServer server = start(root())) {
            for (String path : List.of("/acme/resolve/main/priv/config.json", "/acme/raw/main/priv/config.json",
                    "/acme/resolve/main/gated/config.json", "/api/models/acme/tree/main?recursive=true",
                    "/api/models/acme", "/api/models/acme/revision/main", "/api/models/acme/refs",
                    "/datasets/acme/resolve/main/ds/train.csv", "/api/datasets/acme/tree/main?recursive=true",
                    "/api/models/spaces/tree/main?recursive=true", "/spaces/resolve/main/acme/app/app.py",
                    "/api/models/datasets/tree/main?recursive=true", "/datasets/resolve/main/acme/ds/train.csv")) {
                for (String method : List.of("GET", "HEAD")) {
                    HttpResponse<String> r = send(server, method, path, null);
                    // RepoNotFound, or no such endpoint where the path parses as another repo's
                    assertThat(r.statusCode()).as(method + " " + path).isIn(401, 404);
                    assertThat(r.headers().firstValue("X-Repo-Commit")).as(path).isEmpty();
                    assertThat(r.body()).as(path).doesNotContain("secret", "rfilename", "\"path\"");
                }
            }
            // a POST paths-info on the org folder lists nothing either
            assertThat(post(server, "/api/models/acme/paths-info/main", "paths=priv/config.json").statusCode())
                    .isEqualTo(401);
            // the repos themselves are still served by their full ids
            assertThat(send(server, "GET", "/acme/priv/resolve/main/config.json", PRIV).body()).contains("secret");
            assertThat(send(server, "GET", "/datasets/acme/ds/resolve/main/train.csv", DATA).body())
                    .contains("secret");
            assertThat(send(server, "GET", "/acme/pub/resolve/main/config.json", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aFileChangedOnDiskIsAnsweredFromAFreshListing() throws Exception {
        Path root = root();
        try (HubServer server = start(root)) {
            // small file: etag is the git blob id of the bytes sent
            HttpResponse<byte[]> before = bytes(server, "/acme/pub/resolve/main/config.json");
            assertConsistentSmall(before, "{\"pub\": 1}");
            Path config = root.resolve("acme/pub/config.json");
            Files.writeString(config, "{\"pub\": 2, \"longer\": true}");
            HttpResponse<byte[]> after = bytes(server, "/acme/pub/resolve/main/config.json");
            assertConsistentSmall(after, "{\"pub\": 2, \"longer\": true}");
            assertThat(after.headers().firstValue("X-Repo-Commit"))
                    .isNotEqualTo(before.headers().firstValue("X-Repo-Commit"));
            HttpResponse<String> head = send(server, "HEAD", "/acme/pub/resolve/main/config.json", null);
            assertThat(head.headers().firstValue("ETag")).isEqualTo(after.headers().firstValue("ETag"));
            assertThat(head.headers().firstValue("Content-Length")).hasValue("26");

            // same size, new content and time
            Files.writeString(config, "{\"pub\": 3, \"longer\": true}");
            Files.setLastModifiedTime(config, FileTime.fromMillis(Files.getLastModifiedTime(config).toMillis() + 5000));
            assertConsistentSmall(bytes(server, "/acme/pub/resolve/main/config.json"), "{\"pub\": 3, \"longer\": true}");

            // large file: the redirect's etag is the sha256 of the bytes behind it
            assertConsistentLarge(server, "0123456789".repeat(10));
            Files.writeString(root.resolve("acme/pub/big.bin"), "9876543210".repeat(12));
            assertConsistentLarge(server, "9876543210".repeat(12));

            // a deleted file is not found, not a 200 with a dropped body
            Files.delete(config);
            HttpResponse<String> gone = send(server, "GET", "/acme/pub/resolve/main/config.json", null);
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(gone.headers().firstValue("X-Error-Code")).hasValue("EntryNotFound");
        }
    }

    /**
     * A file rewritten in place while it is being sent: the connection fails short of the announced length rather than
     * end a body that mixes two versions. 64 MB keeps the server writing (blocked on the socket) while the client
     * has read only the first megabyte.
     */
    @Test
    void aFileRewrittenWhileSentFailsTheConnection() throws Exception {
        Path root = tmp.resolve("root");
        Path file = root.resolve("acme/big/data.bin");
        Files.createDirectories(file.getParent());
        byte[] content = new byte[64 << 20];
        Arrays.fill(content, (byte) 'a');
        Files.write(file, content);
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, Long.MAX_VALUE)))) {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri(server,
                    "/acme/big/resolve/main/data.bin")).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            long announced = Long.parseLong(r.headers().firstValue("Content-Length").orElseThrow());
            assertThat(announced).isEqualTo(content.length);
            long received;
            try (InputStream in = r.body()) {
                received = in.readNBytes(1 << 20).length;
                // rewritten in place, same size: nothing shrinks, only the check of the listing notices
                Arrays.fill(content, (byte) 'b');
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap(content), 0);
                }
                Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
                try {
                    received += in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException expected) {
                    // the connection failed: what the client must see
                }
            }
            assertThat(received).isLessThan(announced);
        }
    }

    @Test
    void anEmptyFileIgnoresRange() throws Exception {
        try (HubServer server = start(root())) {
            for (String method : List.of("GET", "HEAD")) {
                HttpRequest req = HttpRequest.newBuilder(uri(server, "/acme/pub/resolve/main/empty.txt"))
                        .method(method, HttpRequest.BodyPublishers.noBody()).header("Range", "bytes=0-0").build();
                HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).as(method).isEqualTo(200);
                assertThat(r.body()).isEmpty();
                // @huggingface/hub reads the size from Content-Range after a range request
                assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes */0");
                assertThat(r.headers().firstValue("ETag")).hasValue("\"" + Hashing.gitBlobSha1(new byte[0]) + "\"");
            }
            // an invalid Range is ignored (RFC 9110 14.2): the whole file, 200; a valid one still gets 206 or 416
            Map<String, Integer> expected = Map.of("bytes=abc", 200, "bytes=2-1", 200, "bytes=1-2", 206, "bytes=500-", 416);
            for (Map.Entry<String, Integer> e : expected.entrySet()) {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri(server, "/acme/pub/resolve/main/config.json"))
                        .header("Range", e.getKey()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).as(e.getKey()).isEqualTo(e.getValue());
                if (e.getValue() == 200) {
                    assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"pub\": 1}");
                    assertThat(r.headers().firstValue("Content-Range")).isEmpty();
                }
            }
        }
    }

    @Test
    void revisionHeadIsTheDefaultBranch() throws Exception {
        try (HubServer server = start(root())) {
            String sha = json(send(server, "GET", "/api/models/acme/pub/revision/main", null)).get("sha").asText();
            assertThat(json(send(server, "GET", "/api/models/acme/pub/revision/HEAD", null)).get("sha").asText())
                    .isEqualTo(sha);
            assertThat(json(send(server, "GET", "/api/models/acme/pub/tree/HEAD", null))).isNotEmpty();
            HttpResponse<String> file = send(server, "GET", "/acme/pub/resolve/HEAD/config.json", null);
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("X-Repo-Commit")).hasValue(sha);
            assertThat(send(server, "GET", "/datasets/acme/ds/raw/HEAD/train.csv", DATA).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void rawAnswersContentOrTheLfsPointerWithoutRedirect() throws Exception {
        try (HubServer server = start(root())) {
            HttpResponse<String> head = send(server, "HEAD", "/acme/pub/raw/main/config.json", null);
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Length")).hasValue("10");
            HttpResponse<byte[]> small = bytes(server, "/acme/pub/raw/main/config.json");
            assertConsistentSmall(small, "{\"pub\": 1}");

            String sha = sha256("0123456789".repeat(10).getBytes(StandardCharsets.UTF_8));
            String ptr = "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha + "\nsize 100\n";
            HttpResponse<String> big = send(server, "GET", "/acme/pub/raw/main/big.bin", null);
            assertThat(big.statusCode()).isEqualTo(200);
            assertThat(big.headers().firstValue("Location")).isEmpty();
            assertThat(big.body()).isEqualTo(ptr);
            assertThat(big.headers().firstValue("ETag"))
                    .hasValue("\"" + Hashing.gitBlobSha1(ptr.getBytes(StandardCharsets.UTF_8)) + "\"");
            HttpResponse<String> bigHead = send(server, "HEAD", "/acme/pub/raw/main/big.bin", null);
            assertThat(bigHead.statusCode()).isEqualTo(200);
            assertThat(bigHead.headers().firstValue("Content-Length")).hasValue(Integer.toString(ptr.length()));

            HttpResponse<String> missing = send(server, "HEAD", "/acme/pub/raw/main/nope.txt", null);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("X-Error-Code")).hasValue("EntryNotFound");
            assertThat(send(server, "HEAD", "/acme/priv/raw/main/config.json", null).headers()
                    .firstValue("X-Error-Code")).hasValue("RepoNotFound");
            assertThat(send(server, "GET", "/acme/priv/raw/main/config.json", PRIV).body()).contains("secret");
            HttpResponse<String> gated = send(server, "GET", "/acme/gated/raw/main/config.json", null);
            assertThat(gated.statusCode()).isEqualTo(401);
            assertThat(gated.headers().firstValue("X-Error-Code")).hasValue("GatedRepo");
            assertThat(send(server, "GET", "/datasets/acme/ds/raw/main/train.csv", DATA).body())
                    .isEqualTo("secret,data\n");
        }
    }

    @Test
    void tokenKeysNameOneRepoOfOneType() throws Exception {
        Path root = root();
        write(root, "acme/ds/model.txt", "model");
        write(root, "datasets/acme/pub/d.csv", "d");
        try (HubServer server = HubServer.start(new ServerOptions("127.0.0.1", 0, new DirectoryRepoStore(root, 64),
                Map.of("datasets/acme/ds", DATA, "acme/pub", PRIV), Map.of(), 4))) {
            // datasets/ names the dataset only, a bare key the model only
            assertThat(send(server, "GET", "/api/datasets/acme/ds", null).statusCode()).isEqualTo(401);
            assertThat(send(server, "GET", "/api/datasets/acme/ds", DATA).statusCode()).isEqualTo(200);
            assertThat(json(send(server, "GET", "/api/datasets/acme/ds", DATA)).get("private").asBoolean()).isTrue();
            assertThat(send(server, "GET", "/api/models/acme/ds", null).statusCode()).isEqualTo(200);
            assertThat(send(server, "GET", "/api/models/acme/pub", null).statusCode()).isEqualTo(401);
            assertThat(send(server, "GET", "/api/datasets/acme/pub", null).statusCode()).isEqualTo(200);
        }
        for (Map<String, String> keys : List.of(Map.of("acme/typo", "x"), Map.of("datasets/acme/nope", "x"),
                Map.of("datasets/acme/ds/extra", "x"), Map.of("acme", "x"))) {
            assertThatThrownBy(() -> HubServer.start(new ServerOptions("127.0.0.1", 0,
                    new DirectoryRepoStore(root, 64), keys, Map.of(), 4)))
                    .as(keys.toString()).isInstanceOf(UnknownRepoKeyException.class)
                    .hasMessageContaining("private repo key '" + keys.keySet().iterator().next() + "'");
            assertThatThrownBy(() -> HubServer.start(new ServerOptions("127.0.0.1", 0,
                    new DirectoryRepoStore(root, 64), Map.of(), keys, 4)))
                    .isInstanceOf(UnknownRepoKeyException.class).hasMessageContaining("gated repo key");
        }
    }

    @Test
    void gatedMetadataIsPublicButItsFilesNeedTheToken() throws Exception {
        try (HubServer server = start(root())) {
            JsonNode info = json(send(server, "GET", "/api/models/acme/gated", null));
            assertThat(info.get("gated").asText()).isEqualTo("manual");
            assertThat(info.get("private").asBoolean()).isFalse();
            assertThat(json(send(server, "GET", "/api/models/acme/gated/revision/main?blobs=1", null))
                    .get("siblings")).hasSize(2);
            assertThat(json(send(server, "GET", "/api/models/acme/gated/tree/main", null))).hasSize(2);
            assertThat(json(send(server, "GET", "/api/models/acme/gated/refs", null)).get("branches")).hasSize(1);
            HttpResponse<String> paths = post(server, "/api/models/acme/gated/paths-info/main", "paths=config.json");
            assertThat(json(paths)).hasSize(1);
            for (String file : List.of("/acme/gated/resolve/main/config.json", "/acme/gated/raw/main/config.json",
                    "/acme/gated/resolve/main/big.bin")) {
                HttpResponse<String> none = send(server, "GET", file, null);
                assertThat(none.statusCode()).as(file).isEqualTo(401);
                assertThat(none.headers().firstValue("X-Error-Code")).hasValue("GatedRepo");
                assertThat(send(server, "GET", file, "wrong").statusCode()).isEqualTo(403);
                assertThat(send(server, "HEAD", file, GATE).statusCode()).isIn(200, 302);
            }
            // private repos stay fully hidden
            for (String api : List.of("/api/models/acme/priv", "/api/models/acme/priv/tree/main",
                    "/api/models/acme/priv/revision/main", "/api/models/acme/priv/refs")) {
                assertThat(send(server, "GET", api, null).statusCode()).as(api).isEqualTo(401);
            }
        }
    }

    @Test
    void aPrivateRepoIsAnsweredLikeAMissingOne() throws Exception {
        try (HubServer server = start(root())) {
            for (String[] pair : List.of(new String[]{"/api/models/acme/priv", "/api/models/acme/nope"},
                    new String[]{"/api/models/acme/priv/tree/main", "/api/models/acme/nope/tree/main"},
                    new String[]{"/acme/priv/resolve/main/config.json", "/acme/nope/resolve/main/config.json"},
                    new String[]{"/api/datasets/acme/ds/refs", "/api/datasets/acme/nope/refs"})) {
                for (String token : new String[]{null, "wrong"}) {
                    HttpResponse<String> priv = send(server, "GET", pair[0], token);
                    HttpResponse<String> missing = send(server, "GET", pair[1], token);
                    assertThat(priv.statusCode()).as(pair[0] + " " + token).isEqualTo(token == null ? 401 : 404)
                            .isEqualTo(missing.statusCode());
                    assertThat(priv.headers().firstValue("X-Error-Code")).hasValue("RepoNotFound");
                    assertThat(missing.headers().firstValue("X-Error-Code")).hasValue("RepoNotFound");
                    assertThat(priv.body().replace(pair[0], "URL")).isEqualTo(missing.body().replace(pair[1], "URL"));
                }
            }
        }
    }

    @Test
    void reposNamedLikeOperationsAreReachable() throws Exception {
        Path root = tmp.resolve("root");
        List<String> names = List.of("tree", "resolve", "revision", "paths-info", "raw", "refs");
        for (String n : names) {
            write(root, "org/" + n + "/f.txt", n);
        }
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 64)))) {
            for (String n : names) {
                String id = "org/" + n;
                assertThat(json(send(server, "GET", "/api/models/" + id, null)).get("id").asText()).isEqualTo(id);
                assertThat(json(send(server, "GET", "/api/models/" + id + "/revision/main", null)).get("id").asText())
                        .isEqualTo(id);
                assertThat(json(send(server, "GET", "/api/models/" + id + "/tree/main", null))).hasSize(1);
                assertThat(send(server, "GET", "/" + id + "/resolve/main/f.txt", null).body()).as(id).isEqualTo(n);
                assertThat(send(server, "GET", "/" + id + "/raw/main/f.txt", null).body()).as(id).isEqualTo(n);
            }
        }
    }

    @Test
    void aReadOnlyServerRefusesOtherMethodsAndBadBodiesWithAnAnswer() throws Exception {
        try (HubServer server = start(root())) {
            for (String method : new String[]{"PUT", "DELETE", "PATCH", "OPTIONS"}) {
                HttpResponse<String> r = send(server, method, "/acme/pub/resolve/main/config.json", null);
                assertThat(r.statusCode()).as(method).isEqualTo(405);
                assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
                assertThat(r.body()).doesNotContain("\"pub\"");
            }
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(uri(server, "/api/models/acme/pub/paths-info/main"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).path("error").asText()).startsWith("the request body is not valid JSON")
                    .doesNotContain("StreamReadFeature");
            HttpResponse<String> longUrl = send(server, "GET", "/acme/pub/resolve/main/" + "x".repeat(20_000), null);
            assertThat(longUrl.statusCode()).isEqualTo(404);
            assertThat(longUrl.headers().firstValue("X-Error-Message").orElseThrow()).hasSizeLessThan(400);
        }
    }

    private void assertConsistentSmall(HttpResponse<byte[]> r, String content) throws Exception {
        byte[] body = content.getBytes(StandardCharsets.UTF_8);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.headers().firstValue("ETag")).hasValue("\"" + Hashing.gitBlobSha1(body) + "\"");
        assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(body.length));
    }

    private void assertConsistentLarge(HubServer server, String content) throws Exception {
        HttpResponse<String> head = send(server, "HEAD", "/acme/pub/resolve/main/big.bin", null);
        assertThat(head.statusCode()).isEqualTo(302);
        String sha = sha256(content.getBytes(StandardCharsets.UTF_8));
        assertThat(head.headers().firstValue("ETag")).hasValue("\"" + sha + "\"");
        assertThat(head.headers().firstValue("X-Linked-Size")).hasValue(Integer.toString(content.length()));
        HttpResponse<byte[]> blob = http.send(HttpRequest.newBuilder(URI.create(
                head.headers().firstValue("Location").orElseThrow())).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(blob.statusCode()).isEqualTo(200);
        assertThat(sha256(blob.body())).isEqualTo(sha);
        assertThat(blob.headers().firstValue("ETag")).hasValue("\"" + sha + "\"");
    }

    private static void write(Path root, String rel, String content) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private static URI uri(HubServer server, String path) {
        return URI.create(server.endpoint() + path);
    }

    private HttpResponse<String> send(HubServer server, String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(server, path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> bytes(HubServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(server, path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> post(HubServer server, String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(server, path)).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }
}
