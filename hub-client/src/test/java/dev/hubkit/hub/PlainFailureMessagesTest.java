package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkit.hub.FaultProxy.Fault;
import dev.hubkit.hub.FaultProxy.Kind;
import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures of the network and the disk are worded in plain words, never by a Java class name. */
class PlainFailureMessagesTest {

    @TempDir
    Path tmp;

    @Test
    void reasonsAreWordedWithoutClassNames() {
        assertThat(PlainReasons.of(new AccessDeniedException("/c/refs/main"))).isEqualTo("permission denied");
        assertThat(PlainReasons.of(new MalformedInputException(1))).isEqualTo("not valid UTF-8 text");
        assertThat(PlainReasons.of(new IOException())).isEqualTo("input/output error");
        assertThat(PlainReasons.of(new IOException(new java.net.SocketTimeoutException())))
                .isEqualTo("timed out");
        assertThat(PlainReasons.of(new java.io.UncheckedIOException(new IOException("disk full"))))
                .isEqualTo("disk full");
        assertThat(PlainReasons.of(new IllegalStateException())).doesNotContain("Exception");
    }

    @Test
    void classNamesInsideMessagesAndBarePathsAreWordedToo() {
        assertThat(PlainReasons.of(new javax.net.ssl.SSLHandshakeException("PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path"
                + " to requested target")))
                .isEqualTo("the secure (TLS) connection failed: PKIX path building failed: unable to find valid"
                        + " certification path to requested target");
        assertThat(PlainReasons.of(new IOException("java.net.SocketException: Connection reset")))
                .isEqualTo("Connection reset");
        assertThat(PlainReasons.of(new java.io.FileNotFoundException("/c/blobs/abc")))
                .isEqualTo("cannot open /c/blobs/abc");
        assertThat(PlainReasons.of(new IOException("/c/blobs/abc"))).isEqualTo("input/output error on /c/blobs/abc");
    }

    @Test
    void aLoopOfCausesEnds() {
        IllegalStateException a = new IllegalStateException();
        IllegalArgumentException b = new IllegalArgumentException();
        a.initCause(b);
        b.initCause(a);
        String reason = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> PlainReasons.of(a));
        assertThat(reason).isEqualTo("an unexpected failure with no description");
    }

    @Test
    void anUnreachableHostIsNamedInPlainWords() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: connections are refused
        }
        HubSettings settings = HubSettings.of("http://127.0.0.1:" + port, tmp.resolve("cache"))
                .withRetries(1, Duration.ofMillis(1), Duration.ofMillis(2));
        try (HubClient c = new HubClient(settings)) {
            RepoRef repo = RepoRef.model("acme/tiny");
            for (int i = 0; i < 2; i++) { // the second fails fast: the host is known to be down
                assertThatThrownBy(() -> c.repoInfo(repo, "main")).isInstanceOf(HubException.class)
                        .message().containsIgnoringCase("refused").doesNotContain("Exception");
            }
            assertThatThrownBy(() -> c.downloadFile(repo, "config.json", "main")).isInstanceOf(HubException.class)
                    .message().doesNotContain("Exception");
        }
    }

    @Test
    void aConnectionThatKeepsDroppingIsNamedInPlainWords() throws Exception {
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 2 << 20);
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)));
             FaultProxy proxy = new FaultProxy(server.endpoint())) {
            proxy.faults.add(Fault.of(Kind.DROP_MID_BODY, "GET", "/_lfs/", 100));
            try (HubClient c = new HubClient(HubSettings.of(proxy.endpoint().toString(), tmp.resolve("cache"))
                    .withRetries(1, Duration.ofMillis(1), Duration.ofMillis(2))
                    .withChunks(Long.MAX_VALUE, 1 << 20, 1))) {
                assertThatThrownBy(() -> c.downloadFile(RepoRef.model("acme/tiny"), "big.bin", "main"))
                        .isInstanceOf(HubException.class)
                        .hasMessageContaining("kept failing")
                        .message().doesNotContain("Exception");
            }
        }
    }
}
