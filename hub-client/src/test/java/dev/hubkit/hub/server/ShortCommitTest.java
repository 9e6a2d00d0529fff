package dev.hubkit.hub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.hub.cache.HubCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An abbreviated commit id (a unique prefix of at least 7 hex digits) works wherever a revision goes,
 * as on huggingface.co, in both kinds of store; the answers name the full commit. An ambiguous, unknown
 * or too short prefix is an unknown revision.
 */
class ShortCommitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void directoryStoreAcceptsAPrefixOfItsCommit() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("acme/tiny"));
        Files.writeString(root.resolve("acme/tiny/config.json"), "{\"a\":1}");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)))) {
            String sha = JSON.readTree(get(server, "/api/models/acme/tiny").body()).get("sha").asText();
            assertAnswersFor(server, sha.substring(0, 7), sha);
            assertAnswersFor(server, sha.substring(0, 12), sha);
            assertUnknown(server, sha.substring(0, 6));
            assertUnknown(server, flip(sha.substring(0, 7)));
        }
    }

    private static final String C1 = "abcdef1" + "0".repeat(33);
    private static final String C2 = "abcdef1" + "1".repeat(33);
    private static final String C3 = "1234567" + "2".repeat(33);

    @Test
    void cacheStoreAcceptsAUniquePrefixOfACachedCommit() throws Exception {
        Path cache = threeCommitCache();
        try (HubServer server = HubServer.start(ServerOptions.loopback(new CacheRepoStore(new HubCache(cache))))) {
            assertAnswersFor(server, "1234567", C3);
            assertAnswersFor(server, "abcdef10", C1);
            assertAnswersFor(server, "abcdef11", C2);
            // two commits start with it
            assertUnknown(server, "abcdef1");
            assertUnknown(server, "7654321");
            assertUnknown(server, "123456");
        }
    }

    /**
     * A ref named by an abbreviation of the commit it holds is what huggingface_hub records for
     * {@code revision="abcdef1"}: a client's alias, not a branch. The abbreviation is resolved against the
     * cached commits, not through the alias (so an ambiguous one stays unknown), and the alias is not listed
     * among the branches. A ref with a hex name that does not abbreviate its commit is a branch.
     */
    @Test
    void cacheStoreResolvesAnAbbreviationPastTheClientsAliasRef() throws Exception {
        Path cache = threeCommitCache();
        Path refs = cache.resolve("models--acme--tiny/refs");
        Files.writeString(refs.resolve("abcdef1"), C2);
        Files.writeString(refs.resolve("abcdef10"), C1);
        Files.writeString(refs.resolve("1234567"), C3);
        // a stale alias: the commit it holds is not cached, the abbreviation still names one that is
        Files.writeString(refs.resolve("abcdef11"), "abcdef11" + "9".repeat(32));
        Files.writeString(refs.resolve("beefcafe"), C1);
        try (HubServer server = HubServer.start(ServerOptions.loopback(new CacheRepoStore(new HubCache(cache))))) {
            assertUnknown(server, "abcdef1");
            assertAnswersFor(server, "abcdef10", C1);
            assertAnswersFor(server, "abcdef11", C2);
            assertAnswersFor(server, "1234567", C3);
            assertAnswersFor(server, "beefcafe", C1);
            JsonNode branches = JSON.readTree(get(server, "/api/models/acme/tiny/refs").body()).get("branches");
            List<String> names = new ArrayList<>();
            branches.forEach(b -> names.add(b.get("name").asText()));
            assertThat(names).containsExactly("main", "beefcafe");
        }
    }

    /** Three cached commits, two of them sharing the prefix {@code abcdef1}; {@code main} is the third. */
    private Path threeCommitCache() throws Exception {
        Path cache = tmp.resolve("cache");
        Path repo = cache.resolve("models--acme--tiny");
        byte[] config = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String oid = Hashing.gitBlobSha1(config);
        Files.createDirectories(repo.resolve("blobs"));
        Files.write(repo.resolve("blobs").resolve(oid), config);
        for (String c : new String[]{C1, C2, C3}) {
            Path snap = Files.createDirectories(repo.resolve("snapshots").resolve(c));
            Files.createSymbolicLink(snap.resolve("config.json"), Path.of("../../blobs").resolve(oid));
        }
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), C3);
        return cache;
    }

    private void assertAnswersFor(HubServer server, String rev, String commit) throws Exception {
        HttpResponse<String> info = get(server, "/api/models/acme/tiny/revision/" + rev);
        assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
        assertThat(JSON.readTree(info.body()).get("sha").asText()).isEqualTo(commit);
        HttpResponse<String> file = send(server, "GET", "/acme/tiny/resolve/" + rev + "/config.json", null);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo("{\"a\":1}");
        assertThat(file.headers().firstValue("X-Repo-Commit")).hasValue(commit);
        HttpResponse<String> head = send(server, "HEAD", "/acme/tiny/resolve/" + rev + "/config.json", null);
        assertThat(head.headers().firstValue("X-Repo-Commit")).hasValue(commit);
        HttpResponse<String> tree = get(server, "/api/models/acme/tiny/tree/" + rev);
        assertThat(tree.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(tree.body()).get(0).get("path").asText()).isEqualTo("config.json");
        HttpResponse<String> paths = send(server, "POST", "/api/models/acme/tiny/paths-info/" + rev, "paths=config.json");
        assertThat(paths.statusCode()).as(paths.body()).isEqualTo(200);
        assertThat(JSON.readTree(paths.body()).get(0).get("path").asText()).isEqualTo("config.json");
    }

    private void assertUnknown(HubServer server, String rev) throws Exception {
        for (String path : new String[]{"/api/models/acme/tiny/revision/" + rev, "/acme/tiny/resolve/" + rev
                + "/config.json", "/api/models/acme/tiny/tree/" + rev}) {
            HttpResponse<String> r = get(server, path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("X-Error-Code")).as(path).hasValue("RevisionNotFound");
        }
    }

    private static String flip(String hex) {
        char c = hex.charAt(0);
        return (c == '0' ? '1' : '0') + hex.substring(1);
    }

    private HttpResponse<String> get(HubServer server, String path) throws Exception {
        return send(server, "GET", path, null);
    }

    private HttpResponse<String> send(HubServer server, String method, String path, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.endpoint() + path));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(form));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
