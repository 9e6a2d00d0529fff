package dev.hubkit.hub.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hubkit.hub.HubException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hub-compatible HTTP server ({@code hubkit serve}) on the JDK's built-in HTTP server. It
 * answers the endpoints real clients use (repo info, tree, paths-info, refs, commits, resolve with Range and
 * large-file redirects, errors with {@code X-Error-Code}).
 *
 * <p>Slow or hostile clients cannot starve the others: the JDK server reads a request on a request thread, so
 * threads are started on demand (up to {@link #MAX_THREADS}) instead of queueing behind connections that stall
 * mid-request; the JDK server drops a connection whose request is not read in full within
 * {@link #DEFAULT_MAX_REQUEST_SECONDS} s ({@code -Dsun.net.httpserver.maxReqTime} overrides it) or that sends
 * nothing for its idle interval; and {@link StallWatch} drops a response whose client stopped reading.
 */
public final class HubServer implements AutoCloseable {

    /** Most request threads at once; a connection beyond them is closed rather than queued behind stalled ones. */
    public static final int MAX_THREADS = 2048;
    /** Seconds a client may take to send a whole request (line, headers, body) before it is dropped. */
    public static final int DEFAULT_MAX_REQUEST_SECONDS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(HubServer.class);

    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final StallWatch stallWatch;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private HubServer(HttpServer server, ThreadPoolExecutor pool, StallWatch stallWatch) {
        this.server = server;
        this.pool = pool;
        this.stallWatch = stallWatch;
    }

    /**
     * Binds and starts serving.
     *
     * @throws UnknownRepoKeyException when a private or gated key names no repo of the store
     */
    public static HubServer start(ServerOptions options) {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs:
        // about 40 ms per small response. Read once by the JDK, so set before the first server.
        setDefault("sun.net.httpserver.nodelay", "true");
        // a client that sends half a request and waits is dropped after this long; also bounds how long a
        // connection may stay open without sending a byte (the JDK takes the smaller of this and its idle interval)
        setDefault("sun.net.httpserver.maxReqTime", Integer.toString(DEFAULT_MAX_REQUEST_SECONDS));
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        // checks the private and gated keys: fails before binding when one names no served repo
        StallWatch stallWatch = new StallWatch(options.stallTimeout());
        RequestRouter router;
        try {
            router = new RequestRouter(options, secret, stallWatch);
        } catch (RuntimeException e) {
            stallWatch.close();
            throw e;
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 128);
        } catch (IOException e) {
            stallWatch.close();
            throw new HubException("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage()
                    + "; pick another --port or --host", e);
        }
        AtomicInteger n = new AtomicInteger();
        // threads on demand: a hand-over queue never parks a request behind connections that stall mid-request
        ThreadPoolExecutor pool = new ThreadPoolExecutor(Math.min(options.threads(), MAX_THREADS), MAX_THREADS,
                60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "hubkit-serve-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        server.createContext("/", router::handle);
        server.setExecutor(pool);
        server.start();
        LOG.info("serving on http://{}:{}", options.host(), server.getAddress().getPort());
        return new HubServer(server, pool, stallWatch);
    }

    /** Sets a JDK server property unless the user did; read once, when the JDK's first server starts. */
    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Request threads busy now: reading a request, answering it, or waiting on its client. */
    int busyThreads() {
        return pool.getActiveCount();
    }

    /** Responses dropped so far because their client stopped reading for the stall timeout. */
    public long stalledResponsesDropped() {
        return stallWatch.dropped();
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
            stallWatch.close();
            pool.shutdownNow();
        }
    }

    static void closeQuietly(HttpExchange ex) {
        ex.close();
    }
}
