package dev.hubkit.hub.server;

import static dev.hubkit.hub.server.ServerRequests.assertError;
import static dev.hubkit.hub.server.ServerRequests.get;
import static dev.hubkit.hub.server.ServerRequests.send;
import static dev.hubkit.hub.server.ServerRequests.writeRef;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.hub.cache.HubCache;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A written-out slashed revision ({@code tree/feature/x/...}) of a private repo asked for without its token is
 * answered as a missing repo before the server reads anything of the repo: finding where the revision ends means
 * listing the repo at each candidate revision, which must not happen for a client that may not see it (the listing
 * costs the server hashing, its time tells the repo and the branch exist, and its failure would answer 500 with the
 * repo's paths). Here the listing fails (a snapshot holds a socket, which cannot be opened to be hashed), so an
 * answer that is not the plain 401 shows that the repo was read.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class PrivateSlashedRevisionTest {

    private static final String FEATURE = "2".repeat(40);

    @TempDir
    Path tmp;

    @Test
    void anUnauthorizedClientGetsRepoNotFoundWithoutTheRepoBeingListed() throws Exception {
        Path repo = tmp.resolve("cache/models--acme--secret");
        Path snap = Files.createDirectories(repo.resolve("snapshots").resolve(FEATURE));
        Files.writeString(snap.resolve("a.txt"), "a");
        Files.createDirectories(repo.resolve("blobs"));
        writeRef(repo, "main", FEATURE);
        writeRef(repo, "feature/x", FEATURE);
        Path socket = tmp.resolve("s");
        try (ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            unix.bind(UnixDomainSocketAddress.of(socket));
            Files.move(socket, snap.resolve("sock"));
            ServerOptions options = new ServerOptions("127.0.0.1", 0,
                    new CacheRepoStore(new HubCache(tmp.resolve("cache"))), Map.of("acme/secret", "t0k"), Map.of(), 4);
            try (HubServer server = HubServer.start(options)) {
                for (String path : new String[]{"/api/models/acme/secret/tree/feature/x/sub",
                        "/api/models/acme/secret/commits/feature/x", "/acme/secret/resolve/feature/x/a.txt"}) {
                    HttpResponse<String> r = get(server, path);
                    assertError(r, 401, "RepoNotFound");
                    assertThat(r.body()).doesNotContain("sock");
                    assertError(send(server, "GET", path, "wrong"), 404, "RepoNotFound");
                }
            }
        }
    }
}
