package dev.hubkit.hub.server;

import java.util.Map;

/**
 * Settings of {@link HubServer}.
 *
 * @param host          bind address (loopback by default)
 * @param port          TCP port, 0 for an ephemeral one
 * @param store         what to serve
 * @param privateTokens repo key to the bearer token that may read it; others get "repository not found". A key
 *                      is {@code org/name} (a model), {@code datasets/org/name} or {@code spaces/org/name};
 *                      {@link HubServer#start} refuses one that names no served repo
 * @param gatedTokens   repo key (as above) to the bearer token that may download its files; others get
 *                      "gated" for files, while the repo's metadata stays public
 * @param threads       request threads
 */
public record ServerOptions(String host, int port, RepoStore store, Map<String, String> privateTokens,
                            Map<String, String> gatedTokens, int threads) {

    public ServerOptions {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        privateTokens = privateTokens == null ? Map.of() : Map.copyOf(privateTokens);
        gatedTokens = gatedTokens == null ? Map.of() : Map.copyOf(gatedTokens);
        threads = threads <= 0 ? 32 : threads;
    }

    /** Loopback, ephemeral port, no tokens. */
    public static ServerOptions loopback(RepoStore store) {
        return new ServerOptions("127.0.0.1", 0, store, Map.of(), Map.of(), 32);
    }
}
