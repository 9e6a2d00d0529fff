package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.cli.CliRunner.Result;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hubkit serve --root|--cache [--host] [--port] [--private/--gated REPO=TOKEN]} answers the hub API. */
class ServeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ENDPOINT = Pattern.compile("at (http://127\\.0\\.0\\.1:(\\d+))");

    @TempDir
    Path tmp;

    /** A running {@code hubkit serve} in a thread of this JVM; closing interrupts it, which stops it. */
    private static final class Serving implements AutoCloseable {
        final Thread thread;
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        String endpoint;

        Serving(String... args) throws InterruptedException {
            CommandLine cmd = Hubkit.newCommandLine();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            thread = new Thread(() -> exit.set(cmd.execute(args)), "serve-under-test");
            thread.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (endpoint == null) {
                String printed = out.toString();
                Matcher m = ENDPOINT.matcher(printed);
                if (m.find() && printed.contains("use it with:")) {
                    endpoint = m.group(1);
                } else {
                    assertThat(thread.isAlive()).as("serve exited: " + err).isTrue();
                    assertThat(System.nanoTime()).as("serve never printed its endpoint").isLessThan(deadline);
                    Thread.sleep(10);
                }
            }
        }

        HttpResponse<String> get(String path, String token) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path)).GET();
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(thread.isAlive()).isFalse();
            assertThat(exit.get()).as(err.toString()).isZero();
        }
    }

    private static List<String> siblings(JsonNode info) {
        List<String> names = new ArrayList<>();
        StreamSupport.stream(info.path("siblings").spliterator(), false)
                .forEach(s -> names.add(s.path("rfilename").asText()));
        return names;
    }

    @Test
    void rootIsServedWithTheRepoApi() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("acme/tiny/sub"));
        Files.writeString(root.resolve("acme/tiny/config.json"), HubFixture.CONFIG);
        Files.writeString(root.resolve("acme/tiny/sub/notes.txt"), HubFixture.NOTES);
        Files.createDirectories(root.resolve("acme/secret"));
        String sha;
        try (Serving s = new Serving("serve", "--root", root.toString(), "--port", "0", "--host", "127.0.0.1",
                "--private", "acme/secret=tok")) {
            assertThat(s.out.toString()).contains("serving " + root, "use it with: HF_ENDPOINT=" + s.endpoint);
            HttpResponse<String> r = s.get("/api/models/acme/tiny", null);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode info = JSON.readTree(r.body());
            assertThat(info.path("id").asText()).isEqualTo("acme/tiny");
            sha = info.path("sha").asText();
            assertThat(sha).matches("[0-9a-f]{40}");
            assertThat(siblings(info)).containsExactlyInAnyOrder("config.json", "sub/notes.txt");
            assertThat(s.get("/api/models/acme/tiny/revision/main", null).body()).contains(sha);

            // without a token a missing repo is answered as a private one is: 401 RepoNotFound
            HttpResponse<String> missing = s.get("/api/models/acme/nope", null);
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.headers().firstValue("X-Error-Code")).hasValue("RepoNotFound");
        }
        // same content, same commit id
        try (Serving s = new Serving("serve", "--root", root.toString(), "--port", "0")) {
            assertThat(JSON.readTree(s.get("/api/models/acme/tiny", null).body()).path("sha").asText()).isEqualTo(sha);
        }
    }

    @Test
    void privateAndGatedReposNeedTheirTokens() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("acme/secret"));
        Files.writeString(root.resolve("acme/secret/a.txt"), "a");
        Files.createDirectories(root.resolve("acme/gated"));
        Files.writeString(root.resolve("acme/gated/g.txt"), "g");
        try (Serving s = new Serving("serve", "--root", root.toString(), "--port", "0",
                "--private", "acme/secret=tok1", "--gated", "acme/gated=tok2")) {
            assertThat(s.get("/api/models/acme/secret", null).statusCode()).isEqualTo(401);
            assertThat(s.get("/api/models/acme/secret", "tok1").statusCode()).isEqualTo(200);
            // a gated repo's metadata is public, its files need the token
            assertThat(s.get("/api/models/acme/gated", null).statusCode()).isEqualTo(200);
            HttpResponse<String> gated = s.get("/acme/gated/resolve/main/g.txt", null);
            assertThat(gated.statusCode()).isEqualTo(401);
            assertThat(gated.headers().firstValue("X-Error-Code")).hasValue("GatedRepo");
            assertThat(s.get("/acme/gated/resolve/main/g.txt", "tok2").body()).isEqualTo("g");
        }
    }

    @Test
    void tokenKeysNameOneServedRepoOfOneType() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("datasets/acme/ds"));
        Files.writeString(root.resolve("datasets/acme/ds/train.csv"), "a\n");
        Files.createDirectories(root.resolve("acme/ds"));
        Files.writeString(root.resolve("acme/ds/config.json"), "{}");
        try (Serving s = new Serving("serve", "--root", root.toString(), "--port", "0",
                "--private", "datasets/acme/ds=tok")) {
            assertThat(s.get("/api/datasets/acme/ds", null).statusCode()).isEqualTo(401);
            assertThat(s.get("/api/datasets/acme/ds", "tok").statusCode()).isEqualTo(200);
            assertThat(s.get("/api/models/acme/ds", null).statusCode()).isEqualTo(200);
        }
        for (String[] args : List.of(new String[]{"--private", "acme/typo=x"},
                new String[]{"--gated", "datasets/acme/nope=x"}, new String[]{"--private", "acme=x"})) {
            Result r = CliRunner.run("serve", "--root", root.toString(), "--port", "0", args[0], args[1]);
            assertThat(r.exitCode()).as(args[1]).isEqualTo(1);
            assertThat(r.errLines()).as(r.err()).hasSize(1);
            assertThat(r.err()).contains("repo key '" + args[1].substring(0, args[1].indexOf('=')) + "'");
        }
    }

    @Test
    void cacheIsServedWithItsRealCommits() throws Exception {
        Path cache;
        String commit;
        try (HubFixture hub = new HubFixture(tmp.resolve("root"))) {
            cache = tmp.resolve("cache");
            Result r = CliRunner.run("download", "acme/tiny", "--include", "*.json", "--endpoint", hub.endpoint(),
                    "--cache-dir", cache.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            commit = Files.readString(cache.resolve("models--acme--tiny/refs/main"), StandardCharsets.UTF_8).strip();
        }
        try (Serving s = new Serving("serve", "--cache", cache.toString(), "--port", "0")) {
            HttpResponse<String> r = s.get("/api/models/acme/tiny", null);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode info = JSON.readTree(r.body());
            assertThat(info.path("sha").asText()).isEqualTo(commit);
            assertThat(siblings(info)).containsExactlyInAnyOrder("config.json", "tokenizer.json");
            HttpResponse<String> file = s.get("/acme/tiny/resolve/main/config.json", null);
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).isEqualTo(HubFixture.CONFIG);
            assertThat(file.headers().firstValue("X-Repo-Commit")).hasValue(commit);
        }
    }

    @Test
    void needsExactlyOneSource() {
        Result none = CliRunner.run("serve", "--port", "0");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.errLines()).hasSize(1);
        assertThat(none.err()).contains("--root", "--cache");
        Result both = CliRunner.run("serve", "--root", tmp.toString(), "--cache", tmp.toString(), "--port", "0");
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.errLines()).hasSize(1);
        Result notAFolder = CliRunner.run("serve", "--root", tmp.resolve("nope").toString(), "--port", "0");
        assertThat(notAFolder.exitCode()).isEqualTo(1);
        assertThat(notAFolder.errLines()).hasSize(1);
        assertThat(notAFolder.err()).contains("is not a folder");
        Result badPort = CliRunner.run("serve", "--root", tmp.toString(), "--port", "70000");
        assertThat(badPort.exitCode()).isEqualTo(1);
        assertThat(badPort.errLines()[0]).startsWith("hubkit: --port must be 0 to 65535, got 70000");
        Result noCache = CliRunner.run("serve", "--cache", tmp.resolve("nope").toString(), "--port", "0");
        assertThat(noCache.exitCode()).isEqualTo(1);
        assertThat(noCache.errLines()).hasSize(1);
        assertThat(noCache.err()).contains("hub cache " + tmp.resolve("nope") + " is not a folder");
    }
}
