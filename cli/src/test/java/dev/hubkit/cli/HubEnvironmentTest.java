package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubkit download} in a fresh JVM honours the settings huggingface_hub reads: HF_ENDPOINT,
 * HF_HOME, HF_HUB_CACHE, HF_HUB_OFFLINE, HF_TOKEN and HF_TOKEN_PATH (other HF_* variables removed).
 */
class HubEnvironmentTest {

    @TempDir
    Path tmp;
    HubFixture hub;

    @BeforeEach
    void start() throws Exception {
        hub = new HubFixture(tmp.resolve("root"));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private record Run(int exit, String out, String err) {
    }

    private Run hubkit(Map<String, String> env, String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.home=" + tmp.resolve("home"), "-cp", cp, Hubkit.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("HF_") || k.startsWith("HUGGING") || k.equals("XDG_CACHE_HOME"));
        pb.environment().putAll(env);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip(),
                Files.readString(err, StandardCharsets.UTF_8).strip());
    }

    @Test
    void endpointAndCacheFromTheEnvironment() throws Exception {
        Path hubCache = tmp.resolve("hub-cache");
        Run r = hubkit(Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HUB_CACHE", hubCache.toString()),
                "download", "acme/tiny", "config.json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(Path.of(r.out())).startsWithRaw(hubCache.resolve("models--acme--tiny/snapshots")).hasContent(
                HubFixture.CONFIG.strip());

        // offline from the environment: the cache answers, the network is not needed
        hub.close();
        Run off = hubkit(Map.of("HF_ENDPOINT", "http://127.0.0.1:9", "HF_HUB_CACHE", hubCache.toString(),
                "HF_HUB_OFFLINE", "1"), "download", "acme/tiny", "config.json");
        assertThat(off.exit()).as(off.err()).isZero();
        assertThat(off.out()).isEqualTo(r.out());
        Run missing = hubkit(Map.of("HF_HUB_CACHE", hubCache.toString(), "HF_HUB_OFFLINE", "1"),
                "download", "acme/tiny", "sub/notes.txt");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("hubkit: file sub/notes.txt of acme/tiny@main is not in the cache")
                .doesNotContain("\n");
    }

    @Test
    void tokenFromTheEnvironmentOrTheTokenFile() throws Exception {
        Path cache = tmp.resolve("c");
        Run denied = hubkit(Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HUB_CACHE", cache.toString()),
                "download", "acme/gated", "g.txt");
        assertThat(denied.exit()).isEqualTo(1);
        assertThat(denied.err()).startsWith("hubkit: acme/gated is gated: pass a token");

        Run env = hubkit(Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HUB_CACHE", cache.toString(),
                "HF_TOKEN", HubFixture.GATED_TOKEN), "download", "acme/gated", "g.txt");
        assertThat(env.exit()).as(env.err()).isZero();
        assertThat(Path.of(env.out())).hasContent("gated");

        Path tokenFile = tmp.resolve("my-token");
        Files.writeString(tokenFile, HubFixture.PRIVATE_TOKEN + "\n");
        Run file = hubkit(Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HUB_CACHE", cache.toString(),
                "HF_TOKEN_PATH", tokenFile.toString()), "download", "acme/private", "secret.txt");
        assertThat(file.exit()).as(file.err()).isZero();
        assertThat(Path.of(file.out())).hasContent("s3cret");

        // HF_HOME: the cache under $HF_HOME/hub and the token file $HF_HOME/token
        Path home = tmp.resolve("home-with-token");
        Files.createDirectories(home);
        Files.writeString(home.resolve("token"), HubFixture.PRIVATE_TOKEN);
        Run homeToken = hubkit(Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HOME", home.toString()),
                "download", "acme/private", "secret.txt");
        assertThat(homeToken.exit()).as(homeToken.err()).isZero();
        assertThat(Path.of(homeToken.out())).startsWithRaw(home.resolve("hub/models--acme--private/snapshots"))
                .hasContent("s3cret");
    }
}
