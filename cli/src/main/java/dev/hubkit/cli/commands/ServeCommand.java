package dev.hubkit.cli.commands;

import dev.hubkit.cli.ExitCodes;
import dev.hubkit.hub.ByteSizes;
import dev.hubkit.hub.HubException;
import dev.hubkit.hub.cache.HubCache;
import dev.hubkit.hub.server.CacheRepoStore;
import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.RepoStore;
import dev.hubkit.hub.server.ServerOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hubkit serve}: a hub-compatible server for a folder of repos or an existing cache. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve repos over the Hugging Face Hub protocol: --root DIR serves DIR/{org}/{name}/ "
                + "(datasets under DIR/datasets/), --cache DIR serves an existing hub cache as a mirror. "
                + "Point clients at it with HF_ENDPOINT."})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--root", required = true, description = "Folder of {org}/{name}/ repo folders.")
        Path root;
        @Option(names = "--cache", required = true, description = "An existing hub cache to mirror.")
        Path cache;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--host", description = "Bind address (default: 127.0.0.1, loopback only).")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "TCP port (default: 8080; 0 picks a free one).")
    int port = 8080;

    @Option(names = "--private", paramLabel = "REPO=TOKEN",
            description = "Serve REPO only to requests with this bearer token (repeatable).")
    List<String> privateRepos = List.of();

    @Option(names = "--gated", paramLabel = "REPO=TOKEN",
            description = "Treat REPO as gated; only this bearer token gets in (repeatable).")
    List<String> gatedRepos = List.of();

    @Option(names = "--lfs-threshold", description = "Files at least this big are large files (default: 10M).")
    String lfsThreshold = "10M";

    @Override
    public Integer call() {
        RepoStore store = source.root != null
                ? new DirectoryRepoStore(source.root, ByteSizes.parse(lfsThreshold))
                : new CacheRepoStore(new HubCache(source.cache));
        ServerOptions options = new ServerOptions(host, port, store, tokens(privateRepos), tokens(gatedRepos), 32);
        HubServer server = HubServer.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "hubkit-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            PrintWriter out = spec.commandLine().getOut();
            out.println("serving " + (source.root != null ? source.root : source.cache) + " at " + server.endpoint());
            out.println("use it with: HF_ENDPOINT=" + server.endpoint());
            out.flush();
            stopped.await();
        } catch (InterruptedException e) {
            // stopped from inside the JVM (an embedding program or a test): shut down cleanly
            Thread.currentThread().interrupt();
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it closes the server itself
            }
        }
        return ExitCodes.OK;
    }

    private static Map<String, String> tokens(List<String> specs) {
        Map<String, String> m = new HashMap<>();
        for (String s : specs) {
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new HubException("'" + s + "' is not REPO=TOKEN");
            }
            m.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return m;
    }
}
