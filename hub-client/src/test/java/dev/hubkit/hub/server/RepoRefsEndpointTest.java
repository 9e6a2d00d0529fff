package dev.hubkit.hub.server;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/{type}s/{repo}/refs}, the endpoint {@code HfApi.list_repo_refs} calls. */
class RepoRefsEndpointTest {

    private static final String C1 = "1".repeat(40);
    private static final String C2 = "2".repeat(40);
    private static final String C3 = "3".repeat(40);

    @TempDir
    Path tmp;

    @Test
    void directoryRepoHasOneMainBranchAtItsCommit() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("acme/tiny"));
        Files.writeString(root.resolve("acme/tiny/config.json"), "{}");
        Files.createDirectories(root.resolve("datasets/acme/data"));
        Files.writeString(root.resolve("datasets/acme/data/train.csv"), "a,b\n1,2\n");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)))) {
            String sha = body(get(server, "/api/models/acme/tiny")).get("sha").asText();
            assertThat(sha).matches("[0-9a-f]{40}");
            HttpResponse<String> r = get(server, "/api/models/acme/tiny/refs?include_prs=1");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("json"));
            JsonNode refs = body(r);
            assertThat(refs.get("branches")).hasSize(1);
            assertRef(refs.get("branches").get(0), "main", "refs/heads/main", sha);
            assertThat(refs.get("converts")).isEmpty();
            assertThat(refs.get("tags")).isEmpty();
            assertThat(refs.get("pullRequests")).isEmpty();
            assertThat(body(get(server, "/api/models/acme/tiny/refs")).has("pullRequests")).isFalse();

            String dataSha = body(get(server, "/api/datasets/acme/data")).get("sha").asText();
            JsonNode data = body(get(server, "/api/datasets/acme/data/refs"));
            assertThat(data.get("branches")).hasSize(1);
            assertRef(data.get("branches").get(0), "main", "refs/heads/main", dataSha);
            assertThat(dataSha).isNotEqualTo(sha);
        }
    }

    /** A repo whose name is {@code refs}: its files still resolve, and its own refs are listed. */
    @Test
    void repoNamedRefsKeepsItsFiles() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("acme/refs"));
        Files.writeString(root.resolve("acme/refs/config.json"), "{\"a\": 1}");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)))) {
            HttpResponse<String> file = get(server, "/acme/refs/resolve/main/config.json");
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).isEqualTo("{\"a\": 1}");
            String sha = body(get(server, "/api/models/acme/refs/revision/main")).get("sha").asText();
            JsonNode refs = body(get(server, "/api/models/acme/refs/refs"));
            assertRef(refs.get("branches").get(0), "main", "refs/heads/main", sha);
        }
    }

    @Test
    void cacheRepoListsBranchesAndPullRequestsOnlyWhenAsked() throws Exception {
        Path cache = tmp.resolve("cache");
        Path repo = cache.resolve("models--acme--tiny");
        Files.createDirectories(repo.resolve("snapshots/" + C1));
        writeRef(repo, "v1", C2);
        writeRef(repo, "main", C1 + "\n");
        writeRef(repo, "refs/pr/3", C3);
        writeRef(repo, "broken", "not a commit");
        // what huggingface_hub records for hf_hub_download(revision="1111111"): an abbreviated commit, not a branch
        writeRef(repo, "1111111", C1);
        Path data = cache.resolve("datasets--acme--data");
        Files.createDirectories(data.resolve("snapshots/" + C2));
        writeRef(data, "main", C2);
        try (HubServer server = HubServer.start(ServerOptions.loopback(new CacheRepoStore(new HubCache(cache))))) {
            JsonNode plain = body(get(server, "/api/models/acme/tiny/refs"));
            assertThat(names(plain.get("branches"))).containsExactly("main", "v1");
            assertRef(plain.get("branches").get(0), "main", "refs/heads/main", C1);
            assertRef(plain.get("branches").get(1), "v1", "refs/heads/v1", C2);
            assertThat(plain.get("tags")).isEmpty();
            assertThat(plain.get("converts")).isEmpty();
            assertThat(plain.has("pullRequests")).isFalse();

            for (String flag : List.of("1", "true")) {
                JsonNode withPrs = body(get(server, "/api/models/acme/tiny/refs?include_prs=" + flag));
                assertThat(names(withPrs.get("branches"))).containsExactly("main", "v1");
                assertThat(withPrs.get("pullRequests")).hasSize(1);
                assertRef(withPrs.get("pullRequests").get(0), "pr/3", "refs/pr/3", C3);
            }

            JsonNode dataRefs = body(get(server, "/api/datasets/acme/data/refs"));
            assertThat(dataRefs.get("branches")).hasSize(1);
            assertRef(dataRefs.get("branches").get(0), "main", "refs/heads/main", C2);
            // a dataset is not found under the models path, nor a model under the datasets path
            assertThat(get(server, "/api/models/acme/data/refs").statusCode()).isEqualTo(401);
            assertThat(get(server, "/api/datasets/acme/tiny/refs").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void cacheRepoWithoutMainListsItsOtherBranches() throws Exception {
        Path cache = tmp.resolve("cache");
        Path repo = cache.resolve("models--acme--tiny");
        Files.createDirectories(repo.resolve("snapshots/" + C2));
        writeRef(repo, "v1", C2);
        writeRef(repo, "feature/x", C1);
        try (HubServer server = HubServer.start(ServerOptions.loopback(new CacheRepoStore(new HubCache(cache))))) {
            HttpResponse<String> r = get(server, "/api/models/acme/tiny/refs");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode refs = body(r);
            assertThat(names(refs.get("branches"))).containsExactly("feature/x", "v1");
            assertRef(refs.get("branches").get(0), "feature/x", "refs/heads/feature/x", C1);
        }
    }

    @Test
    void unknownRepoIsRepoNotFound() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("acme/tiny"));
        Files.writeString(root.resolve("acme/tiny/config.json"), "{}");
        Files.createDirectories(tmp.resolve("c"));
        try (HubServer dir = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)));
             HubServer cache = HubServer.start(ServerOptions.loopback(new CacheRepoStore(new HubCache(tmp.resolve("c")))))) {
            for (HubServer server : List.of(dir, cache)) {
                for (String path : List.of("/api/models/acme/missing/refs", "/api/datasets/acme/tiny/refs")) {
                    HttpResponse<String> r = get(server, path);
                    // 401 without a token, as huggingface.co answers, so that a private repo looks the same
                    assertThat(r.statusCode()).as(path).isEqualTo(401);
                    assertThat(r.headers().firstValue("X-Error-Code")).as(path).hasValue("RepoNotFound");
                    HttpResponse<String> withToken = send(server, "GET", path, "some-token");
                    assertThat(withToken.statusCode()).as(path).isEqualTo(404);
                    assertThat(withToken.headers().firstValue("X-Error-Code")).as(path).hasValue("RepoNotFound");
                }
            }
        }
    }

    @Test
    void privateRepoNeedsItsTokenAndOnlyGetIsAnswered() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("acme/private"));
        Files.writeString(root.resolve("acme/private/secret.txt"), "s3cret");
        ServerOptions options = new ServerOptions("127.0.0.1", 0, new DirectoryRepoStore(root, 1 << 20),
                Map.of("acme/private", "tok"), Map.of(), 4);
        try (HubServer server = HubServer.start(options)) {
            HttpResponse<String> denied = get(server, "/api/models/acme/private/refs");
            assertThat(denied.statusCode()).isEqualTo(401);
            assertThat(denied.headers().firstValue("X-Error-Code")).hasValue("RepoNotFound");
            HttpResponse<String> allowed = send(server, "GET", "/api/models/acme/private/refs", "tok");
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(names(body(allowed).get("branches"))).containsExactly("main");
            assertThat(send(server, "HEAD", "/api/models/acme/private/refs", "tok").statusCode()).isEqualTo(200);
            assertThat(send(server, "POST", "/api/models/acme/private/refs", "tok").statusCode()).isEqualTo(405);
            assertThat(send(server, "GET", "/api/models/acme/private/refs/extra", "tok").statusCode()).isEqualTo(404);
        }
    }

    private static List<String> names(JsonNode refs) {
        List<String> out = new ArrayList<>();
        refs.forEach(r -> out.add(r.get("name").asText()));
        return out;
    }

    private static void assertRef(JsonNode ref, String name, String fullRef, String commit) {
        assertThat(ref.get("name").asText()).isEqualTo(name);
        assertThat(ref.get("ref").asText()).isEqualTo(fullRef);
        assertThat(ref.get("targetCommit").asText()).isEqualTo(commit);
    }
}
