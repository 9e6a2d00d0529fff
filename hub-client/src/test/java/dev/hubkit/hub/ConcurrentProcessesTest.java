package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four JVMs download the same large file into one cache at once; the blob lock keeps it whole. */
class ConcurrentProcessesTest {

    @TempDir
    Path tmp;

    @Test
    void fourProcessesOneBlob() throws Exception {
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 8 << 20);
        String expected = Fixtures.sha256(Files.readAllBytes(root.resolve("acme/tiny/big.bin")));
        Path cache = tmp.resolve("cache");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)))) {
            List<Process> procs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                procs.add(Forked.start(DownloadMain.class, Map.of(), tmp.resolve("p" + i + ".log"),
                        server.endpoint().toString(), cache.toString(), "acme/tiny", "big.bin"));
            }
            for (int i = 0; i < 4; i++) {
                assertThat(procs.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
                String out = Files.readString(tmp.resolve("p" + i + ".log"));
                assertThat(out).contains("SHA " + expected);
                assertThat(procs.get(i).exitValue()).isZero();
            }
        }
        try (Stream<Path> s = Files.list(cache.resolve("models--acme--tiny/blobs"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(expected);
        }
        assertThat(cache.resolve(".locks/models--acme--tiny/" + expected + ".lock")).exists();
    }
}
