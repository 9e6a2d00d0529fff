package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the official JavaScript client {@code @huggingface/hub}: it downloads a snapshot
 * from {@code hubkit serve}, and hubkit reads the cache it wrote offline. Skipped unless
 * {@code npm ci} was run in {@code hub-client/src/test/js}.
 */
class NpmInteropTest {

    @TempDir
    Path tmp;

    @Test
    void officialJsClientDownloadsFromOurServerAndWeReadItsCache() throws Exception {
        Path js = Path.of(System.getProperty("basedir", ".")).resolve("src/test/js").toAbsolutePath();
        assumeTrue(Files.isDirectory(js.resolve("node_modules/@huggingface/hub")),
                "run 'npm ci --prefix hub-client/src/test/js' to enable this test");
        assumeTrue(nodeAvailable(), "node is not installed");
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 3 << 20);
        byte[] big = Files.readAllBytes(root.resolve("acme/tiny/big.bin"));
        Path cache = tmp.resolve("js-cache");
        String out;
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)))) {
            Process p = new ProcessBuilder("node", js.resolve("interop.mjs").toString(), server.endpoint().toString(),
                    cache.toString(), "acme/tiny").directory(js.toFile()).redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        }
        assertThat(out).contains("SNAPSHOT " + cache.resolve("models--acme--tiny/snapshots"));
        Path repoDir = cache.resolve("models--acme--tiny");
        String commit = Files.readString(repoDir.resolve("refs/main")).strip();
        assertThat(repoDir.resolve("blobs/" + Fixtures.sha256(big))).exists();
        try (HubClient off = new HubClient(HubSettings.of("http://127.0.0.1:9", cache).withOffline(true))) {
            assertThat(Files.readAllBytes(off.downloadFile(RepoRef.model("acme/tiny"), "big.bin", "main"))).isEqualTo(big);
            assertThat(Files.readString(off.downloadFile(RepoRef.model("acme/tiny"), "sub/notes.txt", commit)))
                    .isEqualTo("hello hub\n");
            assertThat(off.downloadSnapshot(RepoRef.model("acme/tiny"), "main", SnapshotOptions.defaults()))
                    .isEqualTo(repoDir.resolve("snapshots/" + commit));
        }
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
