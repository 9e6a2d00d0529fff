package dev.hubkit.hub.server;

import dev.hubkit.hub.PythonProcess;
import static dev.hubkit.hub.PythonProcess.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * huggingface_hub, with its own (short) timeouts, downloads from {@code hubkit serve} while many connections
 * stall mid-request, and asks for {@code ./config.json} as a user may. Checks in
 * {@code src/test/python/hf_slow_clients_interop.py}. Skipped unless the Python named by {@code HUBKIT_HF_PYTHON}
 * (default {@code python3}) imports huggingface_hub.
 */
class PythonSlowClientsInteropTest {

    @TempDir
    Path tmp;

    @Test
    void theOfficialClientIsServedWhileOthersStall() throws Exception {
        String python = System.getenv().getOrDefault("HUBKIT_HF_PYTHON", "python3");
        assumeTrue(imports(python), python + " cannot import huggingface_hub (set HUBKIT_HF_PYTHON to one that can)");
        String script = Path.of(System.getProperty("basedir", ".")).resolve("src/test/python/hf_slow_clients_interop.py")
                .toAbsolutePath().toString();
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("acme/tiny/sub"));
        Files.writeString(root.resolve("acme/tiny/config.json"), "{\"a\": 1}");
        Files.writeString(root.resolve("acme/tiny/sub/notes.txt"), "notes");
        Path cache = tmp.resolve("py-cache");
        List<Socket> stalled = new ArrayList<>();
        try (HubServer server = HubServer.start(new ServerOptions("127.0.0.1", 0, new DirectoryRepoStore(root, 1 << 20),
                Map.of(), Map.of(), 2))) {
            for (int i = 0; i < 40; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                stalled.add(s);
                s.getOutputStream().write("GET /api/models/acme/tiny HTT".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
            String out = run(python, script, server.endpoint().toString(), cache.toString());
            String commit = Files.readString(cache.resolve("models--acme--tiny/refs/main")).strip();
            Path snap = cache.resolve("models--acme--tiny/snapshots/" + commit);
            // huggingface_hub prints the name as given, joined onto the snapshot folder
            assertThat(out).contains("FILE " + snap + "/./config.json").contains("SNAPSHOT " + snap);
            assertThat(snap.resolve("config.json")).hasContent("{\"a\": 1}");
            assertThat(snap.resolve("sub/notes.txt")).hasContent("notes");
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }


    private static boolean imports(String python) {
        return PythonProcess.runs(python, "import huggingface_hub");
    }
}
