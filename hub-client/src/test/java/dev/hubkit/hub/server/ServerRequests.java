package dev.hubkit.hub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** Plain HTTP requests to a {@link HubServer} and checks of its answers, shared by the endpoint tests. */
final class ServerRequests {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerRequests() {
    }

    /** {@code GET path} without a token. */
    static HttpResponse<String> get(HubServer server, String path) throws Exception {
        return send(server, "GET", path, null);
    }

    /** {@code method path} with no body, with {@code token} as a bearer token unless it is null. */
    static HttpResponse<String> send(HubServer server, String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.endpoint() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON body of a 200 answer. */
    static JsonNode body(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Checks an error answer's status and {@code X-Error-Code}. */
    static void assertError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("X-Error-Code")).hasValue(code);
    }

    /** Writes the cache ref file {@code refs/<name>} of a repo folder, creating its folders. */
    static void writeRef(Path repo, String name, String content) throws Exception {
        Path ref = repo.resolve("refs").resolve(name);
        Files.createDirectories(ref.getParent());
        Files.writeString(ref, content);
    }
}
