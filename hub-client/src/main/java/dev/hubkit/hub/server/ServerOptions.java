package dev.hubkit.hub.server;

import java.time.Duration;
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
 * @param threads       request threads kept ready; more start (up to {@link HubServer#MAX_THREADS}) while
 *                      slow clients hold these, so stalled connections never keep others waiting
 * @param stallTimeout  how long a response may wait on a client that reads nothing before its connection is
 *                      dropped (default {@link #DEFAULT_STALL_TIMEOUT})
 */
public record ServerOptions(String host, int port, RepoStore store, Map<String, String> privateTokens,
                            Map<String, String> gatedTokens, int threads, Duration stallTimeout) {

    /** Default {@link #stallTimeout()}: far longer than any client waits between two reads of a body. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

    public ServerOptions {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        privateTokens = privateTokens == null ? Map.of() : Map.copyOf(privateTokens);
        gatedTokens = gatedTokens == null ? Map.of() : Map.copyOf(gatedTokens);
        threads = threads <= 0 ? 32 : threads;
        stallTimeout = stallTimeout == null || stallTimeout.isNegative() || stallTimeout.isZero()
                ? DEFAULT_STALL_TIMEOUT : stallTimeout;
    }

    /** Options with the default {@link #stallTimeout()}. */
    public ServerOptions(String host, int port, RepoStore store, Map<String, String> privateTokens,
                         Map<String, String> gatedTokens, int threads) {
        this(host, port, store, privateTokens, gatedTokens, threads, DEFAULT_STALL_TIMEOUT);
    }

    /** These options with another stall timeout. */
    public ServerOptions withStallTimeout(Duration timeout) {
        return new ServerOptions(host, port, store, privateTokens, gatedTokens, threads, timeout);
    }

    /** Loopback, ephemeral port, no tokens. */
    public static ServerOptions loopback(RepoStore store) {
        return new ServerOptions("127.0.0.1", 0, store, Map.of(), Map.of(), 32);
    }
}
