package dev.hubkit.hub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubkit serve} under slow or hostile clients: connections stalled mid-request do not keep a normal client
 * waiting, and a client that never reads its response body is dropped instead of holding a thread for good.
 */
class ServerSlowClientsTest {

    private static final int BIG = 16 << 20;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

    @TempDir
    Path tmp;

    @Test
    void connectionsStalledMidRequestDoNotStarveANormalClient() throws Exception {
        Path root = tmp.resolve("root");
        write(root.resolve("acme/pub/config.json"), "{\"a\": 1}".getBytes(StandardCharsets.UTF_8));
        int stalled = 40;
        List<Socket> sockets = new ArrayList<>();
        // 2 ready threads: the old fixed pool of that size was held by the first two stalled connections
        try (HubServer server = HubServer.start(new ServerOptions("127.0.0.1", 0, new DirectoryRepoStore(root, 1 << 20),
                Map.of(), Map.of(), 2))) {
            for (int i = 0; i < stalled; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                sockets.add(s);
                // half a request line, then nothing (a slowloris)
                s.getOutputStream().write("GET /acme/pub/resolve/main/conf".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
            await(() -> server.busyThreads() >= stalled, "all stalled connections are being read by the server");

            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create(server.endpoint() + "/acme/pub/resolve/main/config.json"))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"a\": 1}");
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void aClientThatNeverReadsItsBodyIsDroppedAndOthersAreServed() throws Exception {
        Path root = tmp.resolve("root");
        byte[] big = new byte[BIG];
        Arrays.fill(big, (byte) 'x');
        write(root.resolve("acme/pub/big.bin"), big);
        ServerOptions options = new ServerOptions("127.0.0.1", 0, new DirectoryRepoStore(root, Long.MAX_VALUE),
                Map.of(), Map.of(), 2).withStallTimeout(Duration.ofMillis(300));
        try (HubServer server = HubServer.start(options); Socket reader = new Socket()) {
            reader.setReceiveBufferSize(4096);
            reader.connect(new InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = reader.getOutputStream();
            out.write(("GET /acme/pub/resolve/main/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await(() -> server.stalledResponsesDropped() >= 1, "the stalled response is dropped");

            // the dropped client gets a short body: its connection was closed mid-response
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            reader.setSoTimeout(20_000);
            try (InputStream in = reader.getInputStream()) {
                in.transferTo(got);
            } catch (java.net.SocketException reset) {
                // a reset is a dropped connection too
            }
            assertThat(got.size()).isLessThan(BIG);

            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
                    URI.create(server.endpoint() + "/acme/pub/resolve/main/big.bin"))
                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).hasSize(BIG);
        }
    }

    /** Waits for a condition the server reaches on its own; fails after a minute. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private static void write(Path p, byte[] content) throws Exception {
        Files.createDirectories(p.getParent());
        Files.write(p, content);
    }
}
