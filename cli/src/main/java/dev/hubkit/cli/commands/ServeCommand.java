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
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code hubkit serve}: a hub-compatible server for a folder of repos or an existing cache.
 *
 * <p>{@code --root DIR} serves {@code DIR/{org}/{name}/} as models, {@code DIR/datasets/{org}/{name}/} as
 * datasets and {@code DIR/spaces/{org}/{name}/} as spaces; a bare id (no org) is never served there, since its
 * folder holds other repos. A {@code --private}/{@code --gated} key is {@code org/name} for a model,
 * {@code datasets/org/name} for a dataset, {@code spaces/org/name} for a space; a key that names no served repo
 * stops the command (exit 1). A gated repo's metadata is public, its files need the token. With {@code --cache},
 * {@code --lfs-threshold} decides only for a real snapshot file (the cache layout without symlinks) that neither a
 * blob link nor the commit's {@code trees/<commit>.json} describes. (The help text is
 * pinned by {@code cli-contract/help-and-errors.txt}, so these rules are documented here.)
 */
public final class ServeCommand implements Callable<Integer> {

    private final OptionSpec rootArg = OptionSpec.builder("--root").type(Path.class).paramLabel("<root>")
            .required(true).description("Folder of {org}/{name}/ repo folders (datasets under datasets/{org}/{name}/, spaces under "
                    + "spaces/{org}/{name}/); a bare repo id (no org) is not served, as its folder holds other repos.").build();
    private final OptionSpec cacheArg = OptionSpec.builder("--cache").type(Path.class).paramLabel("<cache>")
            .required(true).description("An existing hub cache to mirror.").build();
    private final OptionSpec hostArg = Specs.option("--host", String.class, "<host>", "127.0.0.1",
            "Bind address (default: 127.0.0.1, loopback only).");
    private final OptionSpec portArg = Specs.option("--port", int.class, "<port>", 8080,
            "TCP port (default: 8080; 0 picks a free one).");
    private final OptionSpec privateArg = Specs.repeatable("--private", "REPO=TOKEN",
            "Serve REPO only to requests with this bearer token (repeatable). REPO is org/name for a model, "
                    + "datasets/org/name for a dataset, spaces/org/name for a space; one that names no served repo "
                    + "is refused.");
    private final OptionSpec gatedArg = Specs.repeatable("--gated", "REPO=TOKEN",
            "Treat REPO (named as for --private) as gated: its metadata is public, its files need this bearer "
                    + "token (repeatable).");
    private final OptionSpec lfsThresholdArg = Specs.option("--lfs-threshold", String.class, "<lfsThreshold>", "10M",
            "Files at least this big are large files (default: 10M).");

    private final CommandSpec spec = Specs.command(this, "serve",
            "Serve repos over the Hugging Face Hub protocol: --root DIR serves DIR/{org}/{name}/ "
                    + "(datasets under DIR/datasets/{org}/{name}/; bare ids without an org are not served), "
                    + "--cache DIR serves an existing hub cache as a mirror. "
                    + "Point clients at it with HF_ENDPOINT.")
            .addArgGroup(ArgGroupSpec.builder().exclusive(true).multiplicity("1").addArg(rootArg).addArg(cacheArg)
                    .build())
            .addOption(hostArg).addOption(portArg).addOption(privateArg).addOption(gatedArg)
            .addOption(lfsThresholdArg);

    /**
     * Request threads kept ready; each waits on its client's network, not on the CPU. More start on demand while
     * slow clients hold these (see {@link HubServer}: it also sets the request, idle and stalled-reader limits).
     */
    private static final int SERVER_THREADS = 128;

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    /** The model of a new {@code serve} command. */
    public static CommandSpec spec() {
        return new ServeCommand().spec;
    }

    @Override
    public Integer call() {
        Path root = rootArg.getValue();
        Path cache = cacheArg.getValue();
        int port = portArg.getValue();
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0 to 65535, got " + port);
        }
        String host = hostArg.getValue();
        if (!isLoopback(host)) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("hubkit: serving on " + host + ", not loopback only: anyone who can reach this machine can"
                    + " download from it, and bearer tokens travel as plain HTTP");
            err.flush();
        }
        long lfsThreshold = ByteSizes.parse(lfsThresholdArg.getValue());
        RepoStore store = root != null
                ? new DirectoryRepoStore(root, lfsThreshold)
                : new CacheRepoStore(new HubCache(cache), lfsThreshold);
        ServerOptions options = new ServerOptions(host, port, store,
                tokens(Specs.values(privateArg)), tokens(Specs.values(gatedArg)), SERVER_THREADS);
        HubServer server = HubServer.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "hubkit-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            PrintWriter out = spec.commandLine().getOut();
            out.println("serving " + (root != null ? root : cache) + " at " + server.endpoint());
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
