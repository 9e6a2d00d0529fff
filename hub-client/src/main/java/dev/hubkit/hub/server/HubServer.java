package dev.hubkit.hub.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hubkit.hub.HubException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hub-compatible HTTP server ({@code hubkit serve}) on the JDK's built-in HTTP server. It
 * answers the endpoints real clients use (repo info, tree, paths-info, refs, resolve with Range and
 * large-file redirects, errors with {@code X-Error-Code}).
 */
public final class HubServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubServer.class);

    private final HttpServer server;
    private final ExecutorService pool;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private HubServer(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    /**
     * Binds and starts serving.
     *
     * @throws UnknownRepoKeyException when a private or gated key names no repo of the store
     */
    public static HubServer start(ServerOptions options) {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs:
        // about 40 ms per small response. Read once by the JDK, so set before the first server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        // checks the private and gated keys: fails before binding when one names no served repo
        RequestRouter router = new RequestRouter(options, secret);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 128);
        } catch (IOException e) {
            throw new HubException("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage()
                    + "; pick another --port or --host", e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "hubkit-serve-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.createContext("/", router::handle);
        server.setExecutor(pool);
        server.start();
        LOG.info("serving on http://{}:{}", options.host(), server.getAddress().getPort());
        return new HubServer(server, pool);
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Base URL to give clients as {@code HF_ENDPOINT}. */
    public URI endpoint() {
        String host = server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1"
                : server.getAddress().getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    static void closeQuietly(HttpExchange ex) {
        ex.close();
    }
}
