package dev.hubkit.cli;

import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A served folder of repos on an ephemeral loopback port, as {@code hubkit serve --root} serves it:
 * {@code acme/tiny} (config.json, tokenizer.json, sub/notes.txt and a 2 MB large file),
 * dataset {@code acme/data}, private {@code acme/private} (token {@value #PRIVATE_TOKEN}) and gated
 * {@code acme/gated} (token {@value #GATED_TOKEN}).
 */
final class HubFixture implements AutoCloseable {

    static final String PRIVATE_TOKEN = "tok-private";
    static final String GATED_TOKEN = "tok-gated";
    static final String CONFIG = "{\"model_type\":\"bert\",\"hidden_size\":8}\n";
    static final String NOTES = "hello hub\n";

    final Path root;
    final byte[] big;
    final HubServer server;

    HubFixture(Path root) throws IOException {
        this.root = root;
        Path tiny = root.resolve("acme/tiny");
        Files.createDirectories(tiny.resolve("sub"));
        Files.writeString(tiny.resolve("config.json"), CONFIG);
        Files.writeString(tiny.resolve("tokenizer.json"), "{\"version\":\"1.0\"}\n");
        Files.writeString(tiny.resolve("sub/notes.txt"), NOTES);
        big = new byte[2 << 20];
        new Random(7).nextBytes(big);
        Files.write(tiny.resolve("model.safetensors"), big);
        Files.createDirectories(root.resolve("datasets/acme/data"));
        Files.writeString(root.resolve("datasets/acme/data/train.csv"), "a,b\n1,2\n");
        Files.createDirectories(root.resolve("acme/private"));
        Files.writeString(root.resolve("acme/private/secret.txt"), "s3cret");
        Files.createDirectories(root.resolve("acme/gated"));
        Files.writeString(root.resolve("acme/gated/g.txt"), "gated");
        server = HubServer.start(new ServerOptions("127.0.0.1", 0, new DirectoryRepoStore(root, 1 << 20),
                Map.of("acme/private", PRIVATE_TOKEN), Map.of("acme/gated", GATED_TOKEN), 8));
    }

    String endpoint() {
        return server.endpoint().toString();
    }

    /** Runs {@code hubkit download ARGS --endpoint <this server>} with {@code cache} as the hub cache. */
    CliRunner.Result download(Path cache, String... args) {
        List<String> all = new ArrayList<>(List.of("download"));
        all.addAll(Arrays.asList(args));
        all.addAll(List.of("--endpoint", endpoint()));
        return DownloadCommandTest.withCache(cache, all);
    }

    @Override
    public void close() {
        server.close();
    }
}
