package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partial blobs an earlier run left in the cache: one whose bytes nothing can check (a git blob id etag is checked
 * by size only) is fetched again whole, as huggingface_hub 2.0 never resumes; one a sha256 checks is resumed.
 */
class StalePartialsTest {

    private static final RepoRef REPO = RepoRef.model("acme/tiny");

    @TempDir
    Path tmp;

    @Test
    void anUncheckablePartialIsNotGluedOntoTheDownload() throws Exception {
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 2 << 20);
        byte[] notes = Files.readAllBytes(root.resolve("acme/tiny/sub/notes.txt"));
        byte[] big = Files.readAllBytes(root.resolve("acme/tiny/big.bin"));
        Path cache = tmp.resolve("cache");
        Path blobs = Files.createDirectories(cache.resolve("models--acme--tiny/blobs"));
        Files.write(blobs.resolve(Fixtures.gitSha1(notes) + ".incomplete"), "XXXX".getBytes(StandardCharsets.UTF_8));
        Files.write(blobs.resolve(Fixtures.sha256(big) + ".incomplete"), Arrays.copyOf(big, 1 << 20));
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)));
             HubClient c = new HubClient(HubSettings.of(server.endpoint().toString(), cache))) {
            assertThat(c.downloadFile(REPO, "sub/notes.txt", "main")).hasBinaryContent(notes);
            assertThat(c.downloadFile(REPO, "big.bin", "main")).hasBinaryContent(big);
        }
        try (var s = Files.list(blobs)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".incomplete"));
        }
    }
}
