package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hubkit.hub.server.DirectoryRepoStore;
import dev.hubkit.hub.server.HubServer;
import dev.hubkit.hub.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the official Python client where it cannot use symlinks ({@code HF_HUB_DISABLE_SYMLINKS=1}):
 * the snapshot it fills with real files is the answer for hubkit online and offline (nothing fetched, no
 * file replaced, no blob written); and in a local dir, the parts a killed hubkit left of a file that
 * huggingface_hub then completed are deleted by the next hubkit call. Skipped unless the Python named by
 * {@code HUBKIT_HF_PYTHON} (default {@code python3}) imports huggingface_hub.
 */
class PythonNoSymlinkInteropTest {

    private static final RepoRef REPO = RepoRef.model("acme/tiny");
    private static final List<String> FILES = List.of("config.json", "sub/notes.txt", "tokenizer.json", "big.bin");

    @TempDir
    Path tmp;

    @Test
    void pythonsRealSnapshotFilesAreUsedAsTheyAreAndItsCompletedFilesLoseHubkitsParts() throws Exception {
        String python = System.getenv().getOrDefault("HUBKIT_HF_PYTHON", "python3");
        assumeTrue(imports(python), python + " cannot import huggingface_hub (set HUBKIT_HF_PYTHON to one that can)");
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 3 << 20);
        byte[] big = Files.readAllBytes(root.resolve("acme/tiny/big.bin"));
        Path cache = tmp.resolve("cache");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)));
             FaultProxy proxy = new FaultProxy(server.endpoint())) {
            String endpoint = proxy.endpoint().toString();
            String snapText = run(python, endpoint, cache, "from huggingface_hub import snapshot_download as s\n"
                    + "print('SNAP', s('acme/tiny'))");
            Path snap = Path.of(snapText.substring(snapText.indexOf("SNAP ") + 5).strip());
            Map<String, Object> before = inodes(snap);
            assertThat(before.keySet()).containsExactlyInAnyOrderElementsOf(FILES);

            proxy.log.clear();
            try (HubClient c = new HubClient(HubSettings.of(endpoint, cache))) {
                assertThat(c.downloadSnapshot(REPO, "main", SnapshotOptions.defaults())).isEqualTo(snap);
                for (String f : FILES) {
                    assertThat(c.downloadFile(REPO, f, "main")).isEqualTo(snap.resolve(f));
                }
            }
            try (HubClient off = new HubClient(HubSettings.of(endpoint, cache).withOffline(true))) {
                assertThat(off.downloadSnapshot(REPO, "main", SnapshotOptions.defaults())).isEqualTo(snap);
                assertThat(off.downloadFile(REPO, "big.bin", "main")).hasBinaryContent(big);
            }
            assertThat(proxy.log).noneMatch(l -> l.startsWith("GET /acme/") || l.startsWith("GET /_lfs/"));
            assertThat(inodes(snap)).isEqualTo(before);
            try (Stream<Path> s = Files.list(cache.resolve("models--acme--tiny/blobs"))) {
                assertThat(s.filter(Files::isRegularFile)).isEmpty();
            }

            // a killed hubkit left the parts of big.bin's parallel chunks; huggingface_hub downloads the file
            Path local = tmp.resolve("local");
            Path downloads = Files.createDirectories(local.resolve(".cache/huggingface/download"));
            String base = LocalDirPaths.shortHash("big.bin.metadata") + "." + Fixtures.sha256(big);
            List<Path> parts = List.of(downloads.resolve(base + ".chunks.incomplete"),
                    downloads.resolve(base + ".chunks.progress"));
            for (Path p : parts) {
                Files.write(p, new byte[]{1, 2, 3});
            }
            run(python, endpoint, cache, "from huggingface_hub import hf_hub_download as h\n"
                    + "h('acme/tiny', 'big.bin', local_dir=r'" + local + "')");
            assertThat(parts).allSatisfy(p -> assertThat(p).exists());
            proxy.log.clear();
            try (HubClient c = new HubClient(HubSettings.of(endpoint, cache))) {
                assertThat(c.downloadFileToLocalDir(REPO, "big.bin", "main", local, null)).hasBinaryContent(big);
            }
            assertThat(proxy.log).noneMatch(l -> l.startsWith("GET /acme/") || l.startsWith("GET /_lfs/"));
            assertThat(parts).allSatisfy(p -> assertThat(p).doesNotExist());
        }
    }

    @Test
    void verifyChecksPythonsRealSnapshotFilesAgainstItsTreeListing() throws Exception {
        String python = System.getenv().getOrDefault("HUBKIT_HF_PYTHON", "python3");
        assumeTrue(imports(python), python + " cannot import huggingface_hub (set HUBKIT_HF_PYTHON to one that can)");
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 3 << 20);
        Path cache = tmp.resolve("cache");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)))) {
            String snapText = run(python, server.endpoint().toString(), cache,
                    "from huggingface_hub import snapshot_download as s\nprint('SNAP', s('acme/tiny'))");
            Path snap = Path.of(snapText.substring(snapText.indexOf("SNAP ") + 5).strip());
            Files.write(snap.resolve("big.bin"), new byte[] {9}, java.nio.file.StandardOpenOption.APPEND);
            Files.write(snap.resolve("sub/notes.txt"), new byte[] {9}, java.nio.file.StandardOpenOption.APPEND);
            try (dev.hubkit.hub.index.CacheIndex idx = dev.hubkit.hub.index.CacheIndex.open(
                    new dev.hubkit.hub.cache.HubCache(cache))) {
                dev.hubkit.hub.index.VerifyReport r = new dev.hubkit.hub.index.CacheMaintenance(
                        new dev.hubkit.hub.cache.HubCache(cache), idx).verifyAll(false);
                assertThat(r.problems()).extracting(dev.hubkit.hub.index.VerifyProblem::blob)
                        .containsExactlyInAnyOrder(snap.resolve("big.bin"), snap.resolve("sub/notes.txt"));
                assertThat(r.unverifiable()).isEmpty();
            }
        }
    }

    @Test
    void hubkitWithoutSymlinksLeavesTheLayoutPythonLeaves() throws Exception {
        String python = System.getenv().getOrDefault("HUBKIT_HF_PYTHON", "python3");
        assumeTrue(imports(python), python + " cannot import huggingface_hub (set HUBKIT_HF_PYTHON to one that can)");
        Path root = tmp.resolve("root");
        Fixtures.tinyRepo(root, 3 << 20);
        Path pyCache = tmp.resolve("py-cache");
        Path hubkitCache = tmp.resolve("hubkit-cache");
        try (HubServer server = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1 << 20)))) {
            String endpoint = server.endpoint().toString();
            run(python, endpoint, pyCache, "from huggingface_hub import snapshot_download as s\ns('acme/tiny')");
            Path snap;
            try (HubClient c = new HubClient(HubSettings.of(endpoint, hubkitCache).withSymlinks(false))) {
                snap = c.downloadSnapshot(REPO, "main", SnapshotOptions.defaults());
            }
            assertThat(layout(hubkitCache)).isEqualTo(layout(pyCache));
            String out = run(python, endpoint, hubkitCache, "from huggingface_hub import snapshot_download as s\n"
                    + "print('SNAP', s('acme/tiny', local_files_only=True))");
            assertThat(out).contains("SNAP " + snap);
        }
    }

    /** Each file under the repo folder and whether it is a link. */
    private static Map<String, Boolean> layout(Path cache) throws Exception {
        Path repo = cache.resolve("models--acme--tiny");
        Map<String, Boolean> m = new HashMap<>();
        try (Stream<Path> s = Files.walk(repo)) {
            for (Path p : s.filter(p -> !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                m.put(repo.relativize(p).toString(), Files.isSymbolicLink(p));
            }
        }
        return m;
    }

    private static Map<String, Object> inodes(Path snap) throws Exception {
        Map<String, Object> m = new HashMap<>();
        try (Stream<Path> s = Files.walk(snap)) {
            for (Path p : s.filter(p -> !Files.isDirectory(p)).toList()) {
                assertThat(Files.isSymbolicLink(p)).as(p.toString()).isFalse();
                m.put(snap.relativize(p).toString().replace('\\', '/'), Files.getAttribute(p, "unix:ino"));
            }
        }
        return m;
    }

    private String run(String python, String endpoint, Path cache, String code) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(python, "-c", code).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("HF_HUB_OFFLINE");
        env.remove("HF_TOKEN");
        env.put("HF_ENDPOINT", endpoint);
        env.put("HF_HUB_CACHE", cache.toString());
        env.put("HF_HUB_DISABLE_SYMLINKS", "1");
        env.put("HF_HUB_DISABLE_SYMLINKS_WARNING", "1");
        env.put("HF_HUB_DISABLE_TELEMETRY", "1");
        env.put("HF_HUB_DISABLE_PROGRESS_BARS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean imports(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import huggingface_hub").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
