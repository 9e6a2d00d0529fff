package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .no_exist} markers as huggingface_hub writes and reads them, and proxies from system properties. */
class MarkersAndProxyTest {

    @TempDir
    Path tmp;
    HubServer server;
    Path cache;

    @BeforeEach
    void start() throws Exception {
        Fixtures.tinyRepo(tmp.resolve("root"), 1 << 16);
        server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(tmp.resolve("root"), 1 << 20)));
        cache = tmp.resolve("cache");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void missingFilesLeaveANoExistMarkerThatOfflineLookupsHonour() throws Exception {
        RepoRef repo = RepoRef.model("acme/tiny");
        String commit;
        try (HubClient c = new HubClient(HubSettings.of(server.endpoint().toString(), cache))) {
            commit = c.repoInfo(repo, "main").sha();
            assertThatThrownBy(() -> c.downloadFile(repo, "nope.txt", "main"))
                    .isInstanceOf(EntryNotFoundException.class).hasMessageContaining("nope.txt");
            assertThat(c.fileExists(repo, "config.json", "main")).isTrue();
            assertThat(c.fileExists(repo, "nope/deeper.txt", "main")).isFalse();
        }
        Path marker = cache.resolve("models--acme--tiny/.no_exist/" + commit + "/nope.txt");
        assertThat(marker).isRegularFile().isEmptyFile();
        assertThat(cache.resolve("models--acme--tiny/.no_exist/" + commit + "/nope/deeper.txt")).isRegularFile();
        assertThat(cache.resolve("models--acme--tiny/refs/main")).hasContent(commit);
        // a marker written by Python (an empty file) counts the same
        Files.createFile(marker.resolveSibling("from-python.bin"));
        try (HubClient off = new HubClient(HubSettings.of(server.endpoint().toString(), cache).withOffline(true))) {
            for (String f : List.of("nope.txt", "from-python.bin")) {
                assertThatThrownBy(() -> off.downloadFile(repo, f, "main"))
                        .isInstanceOf(EntryNotFoundException.class)
                        .isNotInstanceOf(LocalEntryNotFoundException.class)
                        .hasMessageContaining(f).hasMessageContaining(".no_exist");
            }
            assertThatThrownBy(() -> off.downloadFile(repo, "config.json", "main"))
                    .isInstanceOf(LocalEntryNotFoundException.class);
        }
    }

    @Test
    void anUnreachableHubFallsBackToTheCacheWithoutWaitingForRetries() throws Exception {
        RepoRef repo = RepoRef.model("acme/tiny");
        Path cached;
        Path snap;
        try (HubClient c = new HubClient(HubSettings.of(server.endpoint().toString(), cache))) {
            snap = c.downloadSnapshot(repo, "main", SnapshotOptions.defaults().withPatterns(List.of("*.json"), List.of()));
            cached = c.downloadFile(repo, "config.json", "main");
        }
        server.close();
        // retries that would wait 100 s each: a connection refused with the answer in the cache must not retry
        HubSettings slowRetries = HubSettings.of(server.endpoint().toString(), cache)
                .withRetries(5, java.time.Duration.ofSeconds(100), java.time.Duration.ofSeconds(100));
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            try (HubClient down = new HubClient(slowRetries)) {
                assertThat(down.downloadFile(repo, "config.json", "main")).isEqualTo(cached);
                assertThat(down.downloadSnapshot(repo, "main", SnapshotOptions.defaults()
                        .withPatterns(List.of("*.json"), List.of()))).isEqualTo(snap);
            }
        });
    }

    /** A forward proxy that resolves every host to the hub server, and logs the absolute URIs it gets. */
    private static final class ForwardProxy implements AutoCloseable {
        private static final Set<String> SKIP = Set.of("connection", "content-length", "expect", "host", "upgrade",
                "proxy-connection", "keep-alive", "transfer-encoding", "te", "trailer");
        final HttpServer http;
        final List<String> log = new CopyOnWriteArrayList<>();
        final HttpClient out = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        ForwardProxy(URI target) throws IOException {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            http.createContext("/", ex -> forward(ex, target));
            http.start();
        }

        int port() {
            return http.getAddress().getPort();
        }

        private void forward(HttpExchange ex, URI target) throws IOException {
            try (ex) {
                URI asked = ex.getRequestURI();
                log.add(ex.getRequestMethod() + " " + asked);
                URI to = URI.create(target.getScheme() + "://" + target.getAuthority() + asked.getRawPath()
                        + (asked.getRawQuery() == null ? "" : "?" + asked.getRawQuery()));
                HttpRequest.Builder b = HttpRequest.newBuilder(to).method(ex.getRequestMethod(),
                        HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes()));
                ex.getRequestHeaders().forEach((k, vs) -> {
                    if (!SKIP.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                        vs.forEach(v -> b.header(k, v));
                    }
                });
                HttpResponse<InputStream> r = out.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                r.headers().map().forEach((k, vs) -> {
                    if (!SKIP.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.startsWith(":")) {
                        vs.forEach(v -> ex.getResponseHeaders().add(k, v));
                    }
                });
                long len = r.headers().firstValueAsLong("content-length").orElse(0);
                if (ex.getRequestMethod().equals("HEAD") || len == 0) {
                    ex.getResponseHeaders().set("Content-Length", Long.toString(len));
                    ex.sendResponseHeaders(r.statusCode(), -1);
                    r.body().close();
                    return;
                }
                ex.sendResponseHeaders(r.statusCode(), len);
                try (InputStream in = r.body(); OutputStream o = ex.getResponseBody()) {
                    in.transferTo(o);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    @Test
    void httpProxyFromSystemPropertiesIsUsed() throws Exception {
        String[] keys = {"http.proxyHost", "http.proxyPort", "http.nonProxyHosts"};
        String[] saved = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            saved[i] = System.getProperty(keys[i]);
        }
        try (ForwardProxy proxy = new ForwardProxy(server.endpoint())) {
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", Integer.toString(proxy.port()));
            System.clearProperty("http.nonProxyHosts");
            // a host name only the proxy can reach: without the proxy this fails with an unknown host
            String endpoint = "http://hub.hubkit-test.invalid:" + server.port();
            try (HubClient c = new HubClient(HubSettings.of(endpoint, cache).withToken("tok-secret"))) {
                Path snap = c.downloadSnapshot(RepoRef.model("acme/tiny"), "main", SnapshotOptions.defaults());
                assertThat(snap.resolve("config.json")).exists();
                assertThat(Files.readString(snap.resolve("sub/notes.txt"), StandardCharsets.UTF_8)).isEqualTo("hello hub\n");
            }
            assertThat(proxy.log).isNotEmpty()
                    .allMatch(l -> l.contains("http://hub.hubkit-test.invalid:" + server.port() + "/"))
                    .anyMatch(l -> l.startsWith("GET ") && l.contains("/api/models/acme/tiny/revision/main"))
                    .anyMatch(l -> l.contains("/resolve/"));
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (saved[i] == null) {
                    System.clearProperty(keys[i]);
                } else {
                    System.setProperty(keys[i], saved[i]);
                }
            }
        }
    }
}
