package dev.hubkit.hub.server;

import static dev.hubkit.hub.server.ServerRequests.assertError;
import static dev.hubkit.hub.server.ServerRequests.body;
import static dev.hubkit.hub.server.ServerRequests.get;
import static dev.hubkit.hub.server.ServerRequests.writeRef;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkit.hub.cache.HubCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revisions with a {@code /} ({@code refs/pr/1}, a branch {@code feature/x}) in every form clients send them:
 * URL-encoded as one segment ({@code refs%2Fpr%2F1}: huggingface_hub for every endpoint, the Rust hf-hub for
 * {@code /revision/} and {@code /resolve/}, {@code @huggingface/hub} for {@code /revision/}, {@code /resolve/} and
 * {@code paths-info}), and written out ({@code @huggingface/hub}'s {@code listFiles} and {@code commits}, and
 * huggingface.co's own {@code /revision/refs/pr/1}).
 */
class SlashedRevisionTest {

    private static final String MAIN = "1".repeat(40);
    private static final String FEATURE = "2".repeat(40);
    private static final String PR = "3".repeat(40);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    private Path cache() throws Exception {
        Path cache = tmp.resolve("cache");
        Path repo = cache.resolve("models--acme--tiny");
        snapshot(repo, MAIN, "main-only.txt", "m");
        snapshot(repo, FEATURE, "sub/a.txt", "feature");
        snapshot(repo, PR, "sub/a.txt", "pull request");
        writeRef(repo, "main", MAIN);
        writeRef(repo, "feature/x", FEATURE);
        writeRef(repo, "refs/pr/1", PR);
        // a branch "sub" next to "feature/x": "tree/sub/..." must not become revision "sub" of another file
        writeRef(repo, "v1", MAIN);
        return cache;
    }

    private static void snapshot(Path repo, String commit, String file, String content) throws Exception {
        Path f = repo.resolve("snapshots/" + commit + "/" + file);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        Files.createDirectories(repo.resolve("blobs"));
    }

    @Test
    void encodedRevisionsWithSlashesWorkOnEveryEndpoint() throws Exception {
        try (HubServer server = HubServer.start(ServerOptions.loopback(new CacheRepoStore(new HubCache(cache()))))) {
            for (String[] c : new String[][]{{"feature%2Fx", FEATURE, "feature"}, {"refs%2Fpr%2F1", PR, "pull request"}}) {
                String rev = c[0];
                assertThat(body(get(server, "/api/models/acme/tiny/revision/" + rev)).get("sha").asText()).isEqualTo(c[1]);
                assertThat(paths(body(get(server, "/api/models/acme/tiny/tree/" + rev + "?recursive=true"))))
                        .containsExactly("sub", "sub/a.txt");
                assertThat(paths(body(get(server, "/api/models/acme/tiny/tree/" + rev + "/sub")))).containsExactly("sub/a.txt");
                assertThat(paths(body(pathsInfo(server, "/api/models/acme/tiny/paths-info/" + rev)))).containsExactly("sub/a.txt");
                assertThat(body(get(server, "/api/models/acme/tiny/commits/" + rev)).get(0).get("id").asText()).isEqualTo(c[1]);
                HttpResponse<String> file = get(server, "/acme/tiny/resolve/" + rev + "/sub/a.txt");
                assertThat(file.statusCode()).isEqualTo(200);
                assertThat(file.body()).isEqualTo(c[2]);
                assertThat(file.headers().firstValue("X-Repo-Commit")).hasValue(c[1]);
            }
        }
    }

    @Test
    void writtenOutRevisionsWithSlashesWorkWhereTheyAreUnambiguous() throws Exception {
        try (HubServer server = HubServer.start(ServerOptions.loopback(new CacheRepoStore(new HubCache(cache()))))) {
            for (String[] c : new String[][]{{"feature/x", FEATURE, "feature"}, {"refs/pr/1", PR, "pull request"}}) {
                String rev = c[0];
                assertThat(body(get(server, "/api/models/acme/tiny/revision/" + rev)).get("sha").asText())
                        .as(rev).isEqualTo(c[1]);
                assertThat(paths(body(get(server, "/api/models/acme/tiny/tree/" + rev + "?recursive=true&expand=false"))))
                        .as(rev).containsExactly("sub", "sub/a.txt");
                assertThat(paths(body(get(server, "/api/models/acme/tiny/tree/" + rev + "/sub?recursive=false"))))
                        .as(rev).containsExactly("sub/a.txt");
                assertThat(paths(body(pathsInfo(server, "/api/models/acme/tiny/paths-info/" + rev)))).containsExactly("sub/a.txt");
                assertThat(body(get(server, "/api/models/acme/tiny/commits/" + rev + "?limit=1")).get(0).get("id").asText())
                        .as(rev).isEqualTo(c[1]);
                HttpResponse<String> file = get(server, "/acme/tiny/resolve/" + rev + "/sub/a.txt");
                assertThat(file.statusCode()).as(rev).isEqualTo(200);
                assertThat(file.body()).isEqualTo(c[2]);
            }
            // a file path after a one-segment revision stays a file path
            assertThat(get(server, "/acme/tiny/resolve/main/main-only.txt").body()).isEqualTo("m");
            assertThat(paths(body(get(server, "/api/models/acme/tiny/tree/v1")))).containsExactly("main-only.txt");
            // no such revision, however it is split
            assertError(get(server, "/api/models/acme/tiny/revision/feature/y"), 404, "RevisionNotFound");
            assertError(get(server, "/api/models/acme/tiny/revision/refs%2Fpr%2F2"), 404, "RevisionNotFound");
            assertError(get(server, "/api/models/acme/tiny/tree/feature/y/sub"), 404, "RevisionNotFound");
            assertError(get(server, "/acme/tiny/resolve/feature/y/sub/a.txt"), 404, "RevisionNotFound");
            // a known revision, a missing file
            assertError(get(server, "/acme/tiny/resolve/feature/x/sub/b.txt"), 404, "EntryNotFound");
            assertError(get(server, "/api/models/acme/tiny/tree/feature/x/nope"), 404, "EntryNotFound");
        }
    }

    /** {@code --root} serves {@code main} only: a slashed revision is an unknown revision, not a wrong file. */
    @Test
    void directoryStoreAnswersSlashedRevisionsAsUnknownRevisions() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("acme/tiny/sub"));
        Files.writeString(root.resolve("acme/tiny/sub/a.txt"), "a");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)))) {
            String sha = body(get(server, "/api/models/acme/tiny/revision/main")).get("sha").asText();
            assertThat(body(get(server, "/api/models/acme/tiny/revision/" + sha.substring(0, 7))).get("sha").asText())
                    .isEqualTo(sha);
            for (String rev : List.of("refs/pr/1", "refs%2Fpr%2F1", "feature/x", "feature%2Fx")) {
                assertError(get(server, "/api/models/acme/tiny/revision/" + rev), 404, "RevisionNotFound");
                assertError(get(server, "/api/models/acme/tiny/tree/" + rev), 404, "RevisionNotFound");
                assertError(get(server, "/acme/tiny/resolve/" + rev + "/sub/a.txt"), 404, "RevisionNotFound");
            }
        }
    }

    /**
     * A written-out revision is the longest leading run of segments that names a ref: a branch {@code abcdef1/x}
     * wins over the commit that its first segment abbreviates, which only names that commit when no ref matches.
     */
    @Test
    void longestRefWinsOverACommitAbbreviatedByItsFirstSegment() throws Exception {
        Path cache = cache();
        Path repo = cache.resolve("models--acme--tiny");
        String abbreviated = "abcdef1" + "0".repeat(33);
        snapshot(repo, abbreviated, "sub/a.txt", "by commit");
        writeRef(repo, "abcdef1/x", FEATURE);
        writeRef(repo, "refs/convert/parquet", PR);
        try (HubServer server = HubServer.start(ServerOptions.loopback(new CacheRepoStore(new HubCache(cache))))) {
            HttpResponse<String> file = get(server, "/acme/tiny/resolve/abcdef1/x/sub/a.txt");
            assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
            assertThat(file.body()).isEqualTo("feature");
            assertThat(file.headers().firstValue("X-Repo-Commit")).hasValue(FEATURE);
            assertThat(paths(body(get(server, "/api/models/acme/tiny/tree/abcdef1/x/sub")))).containsExactly("sub/a.txt");
            assertThat(body(get(server, "/api/models/acme/tiny/commits/abcdef1/x/sub")).get(0).get("id").asText())
                    .isEqualTo(FEATURE);
            // no ref matches: the abbreviation names its commit
            assertThat(get(server, "/acme/tiny/resolve/abcdef1/sub/a.txt").body()).isEqualTo("by commit");
            assertThat(get(server, "/acme/tiny/resolve/" + abbreviated + "/sub/a.txt").body()).isEqualTo("by commit");
            assertThat(get(server, "/acme/tiny/resolve/refs/convert/parquet/sub/a.txt").body()).isEqualTo("pull request");
            assertThat(get(server, "/acme/tiny/resolve/HEAD/main-only.txt").body()).isEqualTo("m");
        }
    }

    /** A 404 for a written-out revision that names nothing names it as written, not only its first segment. */
    @Test
    void unknownWrittenOutRevisionIsNamedAsTheClientWroteIt() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("acme/tiny/sub"));
        Files.writeString(root.resolve("acme/tiny/sub/a.txt"), "a");
        try (HubServer cacheServer = HubServer.start(ServerOptions.loopback(new CacheRepoStore(new HubCache(cache()))));
             HubServer rootServer = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)))) {
            for (HubServer server : List.of(cacheServer, rootServer)) {
                assertMessage(get(server, "/api/models/acme/tiny/tree/feature/y/sub/dir"), "Invalid rev id: feature/y/sub/dir");
                assertMessage(get(server, "/acme/tiny/resolve/feature/y/file.txt"), "Invalid rev id: feature/y");
                assertMessage(get(server, "/acme/tiny/resolve/feature/y/sub/a.txt"), "Invalid rev id: feature/y/sub");
                assertMessage(get(server, "/api/models/acme/tiny/revision/feature/y"), "Invalid rev id: feature/y");
                // one segment, or URL-encoded: exactly huggingface.co's message
                assertThat(get(server, "/acme/tiny/resolve/nope/a.txt").headers().firstValue("X-Error-Message"))
                        .hasValue("Invalid rev id: nope");
                assertThat(get(server, "/acme/tiny/resolve/feature%2Fy/a.txt").headers().firstValue("X-Error-Message"))
                        .hasValue("Invalid rev id: feature/y");
                // URL-encoded, with a path of several segments after it: the client named the revision exactly
                for (String path : List.of("/acme/tiny/resolve/feature%2Fy/sub/a.txt",
                        "/api/models/acme/tiny/tree/feature%2Fy/sub", "/api/models/acme/tiny/tree/refs%2Fpr%2F9/sub/dir")) {
                    HttpResponse<String> r = get(server, path);
                    assertError(r, 404, "RevisionNotFound");
                    assertThat(r.headers().firstValue("X-Error-Message")).as(path)
                            .hasValue(path.contains("pr") ? "Invalid rev id: refs/pr/9" : "Invalid rev id: feature/y");
                }
            }
        }
    }

    private static void assertMessage(HttpResponse<String> r, String start) {
        assertError(r, 404, "RevisionNotFound");
        assertThat(r.headers().firstValue("X-Error-Message")).hasValueSatisfying(m -> assertThat(m).startsWith(start));
        assertThat(r.body()).contains(start);
    }

    private static HttpResponse<String> pathsInfo(HubServer server, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.endpoint() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("paths=sub%2Fa.txt&expand=false")).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> paths(JsonNode entries) {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.get("path").asText()));
        return out;
    }
}
