package dev.hubkit.hub.server;

import static dev.hubkit.hub.server.ServerRequests.assertError;
import static dev.hubkit.hub.server.ServerRequests.body;
import static dev.hubkit.hub.server.ServerRequests.get;
import static dev.hubkit.hub.server.ServerRequests.send;
import static dev.hubkit.hub.server.ServerRequests.writeRef;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkit.hub.cache.HubCache;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/{type}s/{repo}/commits/{rev}}, which {@code HfApi.list_repo_commits} and
 * {@code HfFileSystem.info(repo, expand_info=True)} call: the one commit the server knows of a revision.
 */
class CommitLogEndpointTest {

    private static final String C1 = "1".repeat(40);
    private static final String C2 = "2".repeat(40);

    @TempDir
    Path tmp;

    @Test
    void directoryRepoLogIsItsSnapshotCommit() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("acme/tiny/sub"));
        Files.writeString(root.resolve("acme/tiny/config.json"), "{}");
        Files.writeString(root.resolve("acme/tiny/sub/notes.txt"), "hi");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)))) {
            String sha = body(get(server, "/api/models/acme/tiny")).get("sha").asText();
            for (String rev : new String[]{"main", sha, sha.substring(0, 7), "HEAD"}) {
                HttpResponse<String> r = get(server, "/api/models/acme/tiny/commits/" + rev);
                JsonNode log = body(r);
                assertThat(log).as(rev).hasSize(1);
                JsonNode c = log.get(0);
                assertThat(c.get("id").asText()).isEqualTo(sha);
                assertThat(c.get("title").asText()).isEqualTo(CommitLog.TITLE);
                assertThat(c.get("message").asText()).isEmpty();
                assertThat(c.get("authors").get(0).get("user").asText()).isEqualTo(CommitLog.AUTHOR);
                assertThat(c.get("date").asText()).isEqualTo(CommitLog.DATE);
                assertThat(c.has("formatted")).isFalse();
            }
            // the same commit as the tree's lastCommit, so HfFileSystem tells one story
            JsonNode tree = body(get(server, "/api/models/acme/tiny/tree/main?expand=true"));
            assertThat(tree.get(0).get("lastCommit").get("title").asText()).isEqualTo(CommitLog.TITLE);
            JsonNode formatted = body(get(server, "/api/models/acme/tiny/commits/main?expand%5B%5D=formatted"));
            assertThat(formatted.get(0).get("formatted").get("title").asText()).isEqualTo(CommitLog.TITLE);
            assertThat(body(get(server, "/api/models/acme/tiny/commits/main?p=1"))).isEmpty();
            assertThat(body(get(server, "/api/models/acme/tiny/commits/main/sub")).get(0).get("id").asText())
                    .isEqualTo(sha);
            assertError(get(server, "/api/models/acme/tiny/commits/main/nope.txt"), 404, "EntryNotFound");
            assertError(get(server, "/api/models/acme/tiny/commits/v9"), 404, "RevisionNotFound");
            assertError(get(server, "/api/models/acme/missing/commits/main"), 401, "RepoNotFound");
            assertThat(send(server, "POST", "/api/models/acme/tiny/commits/main", null).statusCode()).isEqualTo(405);
        }
    }

    @Test
    void cacheRepoLogFollowsBranchesTagsAndPullRequests() throws Exception {
        Path cache = tmp.resolve("cache");
        Path repo = cache.resolve("datasets--acme--data");
        for (String c : new String[]{C1, C2}) {
            Files.createDirectories(repo.resolve("snapshots/" + c));
            Files.writeString(repo.resolve("snapshots/" + c + "/train.csv"), "a,b\n" + c + "\n");
        }
        writeRef(repo, "main", C1);
        writeRef(repo, "v1.0", C2);
        writeRef(repo, "refs/pr/1", C2);
        try (HubServer server = HubServer.start(ServerOptions.loopback(new CacheRepoStore(new HubCache(cache))))) {
            Map<String, String> expected = Map.of("main", C1, "v1.0", C2, "refs%2Fpr%2F1", C2, C2, C2,
                    C1.substring(0, 8), C1);
            for (Map.Entry<String, String> e : expected.entrySet()) {
                JsonNode log = body(get(server, "/api/datasets/acme/data/commits/" + e.getKey()));
                assertThat(log).as(e.getKey()).hasSize(1);
                assertThat(log.get(0).get("id").asText()).as(e.getKey()).isEqualTo(e.getValue());
            }
            assertError(get(server, "/api/models/acme/data/commits/main"), 401, "RepoNotFound");
        }
    }

    @Test
    void privateRepoLogNeedsItsToken() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("acme/private"));
        Files.writeString(root.resolve("acme/private/secret.txt"), "s3cret");
        ServerOptions options = new ServerOptions("127.0.0.1", 0, new DirectoryRepoStore(root, 1 << 20),
                Map.of("acme/private", "tok"), Map.of(), 4);
        try (HubServer server = HubServer.start(options)) {
            assertError(get(server, "/api/models/acme/private/commits/main"), 401, "RepoNotFound");
            assertThat(body(send(server, "GET", "/api/models/acme/private/commits/main", "tok"))).hasSize(1);
        }
    }
}
