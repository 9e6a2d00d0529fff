package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.core.source.ModelRef;
import dev.hubkit.core.source.ModelSource;
import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** core's ModelSources resolves repo ids through the hub source (registered with ServiceLoader). */
class HubModelSourceTest {

    @TempDir
    Path tmp;

    @Test
    void isRegisteredAndAcceptsRepoIdsOnly() throws Exception {
        assertThat(ServiceLoader.load(ModelSource.class).stream().map(p -> p.type().getName()))
                .contains(HubModelSource.class.getName());
        HubModelSource s = new HubModelSource();
        assertThat(s.accepts(ModelRef.parse("acme/tiny"))).isTrue();
        assertThat(s.accepts(ModelRef.parse("acme/tiny@v1"))).isTrue();
        Files.createDirectories(tmp.resolve("local"));
        assertThat(s.accepts(ModelRef.parse(tmp.resolve("local").toString()))).isFalse();
        assertThat(s.accepts(ModelRef.parse("not a repo id!"))).isFalse();
    }

    @Test
    void resolvesThroughTheHubAndOffline() throws Exception {
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 100);
        Path home = tmp.resolve("hf");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)))) {
            Map<String, String> env = Map.of("HF_ENDPOINT", server.endpoint().toString(), "HF_HOME", home.toString());
            Forked.Result r = Forked.run(ResolveMain.class, env, tmp.resolve("a.log"), "acme/tiny", "sub/notes.txt",
                    "acme/tiny", "nope.txt", "acme/none", "x.txt");
            assertThat(r.output()).contains("CONTENT hello hub");
            assertThat(r.output()).contains("NOTFOUND").contains("file nope.txt not found in acme/tiny@main");
            assertThat(r.output()).contains("HUBERROR RepositoryNotFoundException repository acme/none not found");
        }
        Forked.Result off = Forked.run(ResolveMain.class, Map.of("HF_HOME", home.toString(), "HF_HUB_OFFLINE", "1",
                "HF_ENDPOINT", "http://127.0.0.1:9"), tmp.resolve("d.log"), "acme/tiny", "sub/notes.txt");
        assertThat(off.output()).contains("CONTENT hello hub");
    }
}
