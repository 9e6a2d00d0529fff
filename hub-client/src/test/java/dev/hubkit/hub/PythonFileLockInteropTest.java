package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.hub.cache.BlobLock;
import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hubkit and a real Python {@code filelock.FileLock} (what huggingface_hub locks blobs with) on the
 * same {@code .locks/{repo folder}/{etag}.lock}: each waits for the other. Skips without
 * python3-filelock.
 */
class PythonFileLockInteropTest {

    /** argv: lock path, then "hold" (lock, say LOCKED, wait for a stdin line, release) or a timeout in s. */
    private static final String SCRIPT = String.join("\n",
            "import sys, filelock",
            "path, mode = sys.argv[1], sys.argv[2]",
            "if mode == 'hold':",
            "    lock = filelock.FileLock(path)",
            "    lock.acquire()",
            "    print('LOCKED', flush=True)",
            "    sys.stdin.readline()",
            "    lock.release()",
            "    print('RELEASED', flush=True)",
            "else:",
            "    lock = filelock.FileLock(path, timeout=float(mode))",
            "    try:",
            "        lock.acquire()",
            "    except filelock.Timeout:",
            "        print('TIMEOUT', flush=True)",
            "    else:",
            "        lock.release()",
            "        print('ACQUIRED', flush=True)",
            "");

    @TempDir
    Path tmp;
    HubServer server;
    Path cache;
    byte[] big;
    Process python;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(pythonHasFilelock(), "python3 with the filelock package (python3-filelock) is needed");
        Path root = tmp.resolve("root");
        big = Files.readAllBytes(Fixtures.tinyRepo(root, 2 << 20).resolve("big.bin"));
        cache = tmp.resolve("cache");
        server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)));
    }

    @AfterEach
    void stop() {
        if (python != null) {
            python.destroyForcibly();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void hubkitWaitsWhilePythonHoldsTheBlobLock() throws Exception {
        try (HubClient client = new HubClient(HubSettings.of(server.endpoint().toString(), cache))) {
            RepoRef repo = RepoRef.model("acme/tiny");
            String etag = client.metadata(repo, "big.bin", "main").etag();
            assertThat(etag).isEqualTo(Fixtures.sha256(big));
            Path lockFile = cache.resolve(".locks/models--acme--tiny/" + etag + ".lock");
            assertThat(client.cache().lockFile(repo, etag)).isEqualTo(lockFile.toAbsolutePath());
            Files.createDirectories(lockFile.getParent());

            python = python(lockFile, "hold");
            BufferedReader pyOut = new BufferedReader(new InputStreamReader(python.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(pyOut.readLine()).isEqualTo("LOCKED");

            AtomicReference<Object> result = new AtomicReference<>();
            Thread downloader = new Thread(() -> {
                try {
                    result.set(client.downloadFile(repo, "big.bin", "main"));
                } catch (RuntimeException e) {
                    result.set(e);
                }
            }, "download-while-python-holds-lock");
            downloader.start();
            waitUntilWaitingForLock(downloader);
            Thread.sleep(300);
            assertThat(waitingForLock(downloader)).as("still waiting for Python's lock").isTrue();
            Path blob = cache.resolve("models--acme--tiny/blobs/" + etag);
            assertThat(blob).doesNotExist();
            assertThat(blob.resolveSibling(etag + ".incomplete")).doesNotExist();

            OutputStream pyIn = python.getOutputStream();
            pyIn.write('\n');
            pyIn.flush();
            assertThat(pyOut.readLine()).isEqualTo("RELEASED");
            downloader.join(TimeUnit.SECONDS.toMillis(120));
            assertThat(result.get()).isInstanceOf(Path.class);
            assertThat(Files.readAllBytes((Path) result.get())).isEqualTo(big);
            assertThat(blob).exists();
        }
    }

    @Test
    void pythonTimesOutWhileHubkitHoldsTheBlobLock() throws Exception {
        try (HubClient client = new HubClient(HubSettings.of(server.endpoint().toString(), cache))) {
            RepoRef repo = RepoRef.model("acme/tiny");
            String etag = Fixtures.sha256(big);
            Path lockFile = client.cache().lockFile(repo, etag);
            try (BlobLock held = client.cache().lockBlob(repo, etag, Duration.ofSeconds(10))) {
                assertThat(runPython(lockFile, "0.5")).isEqualTo("TIMEOUT");
            }
            assertThat(runPython(lockFile, "5")).isEqualTo("ACQUIRED");
        }
    }

    private static void waitUntilWaitingForLock(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!waitingForLock(t)) {
            assertThat(t.isAlive()).as("download finished without waiting for the lock").isTrue();
            assertThat(System.nanoTime()).as("download never reached the blob lock").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static boolean waitingForLock(Thread t) {
        return t.isAlive() && Arrays.stream(t.getStackTrace()).anyMatch(
                f -> f.getClassName().equals(BlobLock.class.getName()) && f.getMethodName().equals("acquire"));
    }

    private String runPython(Path lockFile, String mode) throws Exception {
        Process p = python(lockFile, mode);
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(p.exitValue()).as(out).isZero();
            return out;
        } finally {
            p.destroyForcibly();
        }
    }

    private static Process python(Path lockFile, String mode) throws Exception {
        return new ProcessBuilder(List.of(pythonExe(), "-c", SCRIPT, lockFile.toString(), mode))
                .redirectErrorStream(true).start();
    }

    /** The Python of the other interop tests when one is named (huggingface_hub brings filelock), else Debian's. */
    private static String pythonExe() {
        String named = System.getenv("HUBKIT_HF_PYTHON");
        if (named != null && !named.isBlank()) {
            return named;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private static boolean pythonHasFilelock() {
        try {
            Process p = new ProcessBuilder(pythonExe(), "-c", "import filelock").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
