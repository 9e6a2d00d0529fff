package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with an independent client: the Rust {@code hf-hub} crate inside DJL's tokenizers
 * downloads from {@code hubkit serve}, writes its cache, and hubkit then reads that cache offline.
 */
class DjlInteropTest {

    @TempDir
    Path tmp;

    @Test
    void rustHfHubDownloadsFromOurServerAndWeReadItsCache() throws Exception {
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 1000);
        Path hfHome = tmp.resolve("hf-home");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)))) {
            Forked.Result r = Forked.run(DjlHfHubMain.class,
                    Map.of("HF_ENDPOINT", server.endpoint().toString(), "HF_HOME", hfHome.toString()),
                    tmp.resolve("djl.log"), "acme/tiny");
            assertThat(r.output()).contains("IDS [1, 2, 3]");
            assertThat(r.exit()).isZero();
        }
        Path cache = hfHome.resolve("hub");
        Path repoDir = cache.resolve("models--acme--tiny");
        String commit = Files.readString(repoDir.resolve("refs/main")).strip();
        Path snapFile = repoDir.resolve("snapshots/" + commit + "/tokenizer.json");
        String etag = Fixtures.gitSha1(Fixtures.TOKENIZER_JSON.getBytes(StandardCharsets.UTF_8));
        assertThat(repoDir.resolve("blobs/" + etag)).exists();
        assertThat(Files.readString(snapFile)).isEqualTo(Fixtures.TOKENIZER_JSON);
        // server gone, offline: hubkit reads the cache the Rust client wrote
        try (HubClient off = new HubClient(HubSettings.of("http://127.0.0.1:9", cache).withOffline(true))) {
            Path p = off.downloadFile(RepoRef.model("acme/tiny"), "tokenizer.json", "main");
            assertThat(Files.readString(p)).isEqualTo(Fixtures.TOKENIZER_JSON);
            assertThat(off.cache().scanRepo(RepoRef.model("acme/tiny")).revisions()).hasSize(1);
        }
    }
}
