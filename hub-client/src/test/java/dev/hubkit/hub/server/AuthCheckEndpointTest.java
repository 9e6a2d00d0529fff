package dev.hubkit.hub.server;

import static dev.hubkit.hub.server.ServerRequests.assertError;
import static dev.hubkit.hub.server.ServerRequests.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/{type}s/{repo}/auth-check[/write]}, which {@code HfApi.auth_check} calls. */
class AuthCheckEndpointTest {

    @TempDir
    Path tmp;

    @Test
    void answersAsADownloadWouldAndRefusesWrites() throws Exception {
        Path root = tmp.resolve("root");
        for (String repo : new String[]{"acme/tiny", "acme/private", "acme/gated", "datasets/acme/data"}) {
            Files.createDirectories(root.resolve(repo));
            Files.writeString(root.resolve(repo).resolve("f.txt"), "x");
        }
        ServerOptions options = new ServerOptions("127.0.0.1", 0, new DirectoryRepoStore(root, 1 << 20),
                Map.of("acme/private", "ptok"), Map.of("acme/gated", "gtok", "datasets/acme/data", "dtok"), 4);
        try (HubServer server = HubServer.start(options)) {
            assertThat(send(server, "GET", "/api/models/acme/tiny/auth-check", null).statusCode()).isEqualTo(200);
            assertThat(send(server, "GET", "/api/models/acme/private/auth-check", "ptok").statusCode()).isEqualTo(200);
            assertThat(send(server, "GET", "/api/models/acme/gated/auth-check", "gtok").statusCode()).isEqualTo(200);
            assertThat(send(server, "GET", "/api/datasets/acme/data/auth-check", "dtok").statusCode()).isEqualTo(200);
            assertError(send(server, "GET", "/api/models/acme/gated/auth-check", null), 401, "GatedRepo");
            assertError(send(server, "GET", "/api/models/acme/gated/auth-check", "wrong"), 403, "GatedRepo");
            assertError(send(server, "GET", "/api/datasets/acme/data/auth-check", null), 401, "GatedRepo");
            assertError(send(server, "GET", "/api/models/acme/private/auth-check", null), 401, "RepoNotFound");
            assertError(send(server, "GET", "/api/models/acme/missing/auth-check", "ptok"), 404, "RepoNotFound");
            HttpResponse<String> write = send(server, "GET", "/api/models/acme/tiny/auth-check/write", null);
            assertThat(write.statusCode()).isEqualTo(403);
            assertThat(write.body()).contains("read-only");
            assertThat(send(server, "POST", "/api/models/acme/tiny/auth-check", null).statusCode()).isEqualTo(405);
        }
    }
}
