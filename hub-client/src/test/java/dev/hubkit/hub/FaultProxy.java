package dev.hubkit.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reverse proxy in front of a hub server that injects faults into matching requests:
 * dropped connections mid-body, 500s, 429 with Retry-After, stalls, short bodies, flipped bytes,
 * bodies longer than the file and a 404 for a file deleted meanwhile.
 */
final class FaultProxy implements AutoCloseable {

    enum Kind { DROP_MID_BODY, STATUS_500, STATUS_429, STALL, SHORT_BODY, FLIP_BYTE, LONG_BODY, ENTRY_GONE, REDIRECT_FTP }

    /** Applies {@code kind} to the next {@code times} requests whose method is {@code method} and path contains {@code pathPart}. */
    record Fault(Kind kind, String method, String pathPart, AtomicInteger times) {
        static Fault of(Kind kind, String method, String pathPart, int times) {
            return new Fault(kind, method, pathPart, new AtomicInteger(times));
        }
    }

    private static final Set<String> HOP = Set.of("connection", "content-length", "transfer-encoding", "host",
            "keep-alive", "date");

    private final HttpServer server;
    private final URI upstream;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    volatile long stallMillis = 3000;
    /** Where a dropped or stalled body is cut (bytes into the body); -1 cuts it in the middle. */
    volatile int dropAt = -1;
    /** Rewrites the (UTF-8) bodies of {@code /api/} answers, e.g. to serve a listing that lies; null leaves them. */
    volatile java.util.function.UnaryOperator<String> rewriteApi;

    FaultProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private Fault take(String method, String path) {
        for (Fault f : faults) {
            if (f.method().equals(method) && path.contains(f.pathPart()) && f.times().getAndDecrement() > 0) {
                return f;
            }
        }
        return null;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().toString();
            log.add(method + " " + path + " range=" + ex.getRequestHeaders().getFirst("Range")
                    + " auth=" + (ex.getRequestHeaders().getFirst("Authorization") != null));
            Fault fault = take(method, path);
            if (fault != null && fault.kind() == Kind.REDIRECT_FTP) {
                ex.getResponseHeaders().set("Location", "ftp://files.example/big.bin");
                ex.sendResponseHeaders(302, -1);
                return;
            }
            if (fault != null && fault.kind() == Kind.ENTRY_GONE) {
                // the file was deleted on the server after its metadata was read
                ex.getResponseHeaders().set("X-Error-Code", "EntryNotFound");
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (fault != null && (fault.kind() == Kind.STATUS_500 || fault.kind() == Kind.STATUS_429)) {
                if (fault.kind() == Kind.STATUS_429) {
                    ex.getResponseHeaders().set("Retry-After", "1");
                }
                ex.sendResponseHeaders(fault.kind() == Kind.STATUS_500 ? 500 : 429, -1);
                return;
            }
            HttpRequest.Builder rb = HttpRequest.newBuilder(upstream.resolve(path));
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            rb.method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!HOP.contains(k.toLowerCase()) && !k.equalsIgnoreCase("expect") && !k.equalsIgnoreCase("upgrade")) {
                    vs.forEach(v -> rb.header(k, v));
                }
            });
            HttpResponse<byte[]> resp;
            try {
                resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            resp.headers().map().forEach((k, vs) -> {
                if (!HOP.contains(k.toLowerCase()) && !k.equals(":status")) {
                    List<String> values = k.equalsIgnoreCase("location")
                            ? vs.stream().map(v -> v.replace(upstream.getAuthority(), endpoint().getAuthority())).toList()
                            : vs;
                    ex.getResponseHeaders().put(k, values);
                }
            });
            byte[] data = resp.body();
            if (method.equals("HEAD") || data.length == 0) {
                resp.headers().firstValue("content-length").ifPresent(v -> ex.getResponseHeaders().set("Content-Length", v));
                ex.sendResponseHeaders(resp.statusCode(), -1);
                return;
            }
            java.util.function.UnaryOperator<String> rewrite = rewriteApi;
            if (rewrite != null && path.startsWith("/api/")) {
                data = rewrite.apply(new String(data, java.nio.charset.StandardCharsets.UTF_8))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            Kind k = fault == null ? null : fault.kind();
            if (k == Kind.SHORT_BODY) {
                data = java.util.Arrays.copyOf(data, data.length / 2);
            }
            if (k == Kind.LONG_BODY) {
                data = java.util.Arrays.copyOf(data, data.length + 1000);
            }
            if (k == Kind.FLIP_BYTE) {
                data = data.clone();
                data[data.length / 3] ^= 0x5a;
            }
            ex.sendResponseHeaders(resp.statusCode(), data.length);
            OutputStream out = ex.getResponseBody();
            if (k == Kind.DROP_MID_BODY || k == Kind.STALL) {
                out.write(data, 0, dropAt >= 0 ? Math.min(dropAt, data.length) : data.length / 2);
                out.flush();
                if (k == Kind.STALL) {
                    try {
                        Thread.sleep(stallMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                // abort: close the socket without finishing the announced body
                throw new IOException("fault injected");
            }
            out.write(data);
        } catch (IOException e) {
            // the exchange is closed by try-with-resources; an unfinished body drops the connection
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
