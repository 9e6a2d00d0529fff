package dev.hubkit.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hubkit.hub.cache.HubCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --cache} of a cache the official Python client {@code huggingface_hub} filled without symlinks
 * (real files in the snapshot, {@code trees/<commit>.json} beside them): the client sees the mirror answer as
 * the origin did (tree ids, {@code lfs}, etags), does not download again a local-dir file it got from the
 * origin, and caches the large file under its sha256; an abbreviated commit shared by two cached commits stays
 * unknown although the client recorded an alias ref for it, and that alias is no branch. Skipped unless the
 * Python named by {@code HUBKIT_HF_PYTHON} (default {@code python3}) imports huggingface_hub, as
 * {@code PythonHubInteropTest} is.
 */
class PythonCacheMirrorInteropTest {

    /** Fills a cache from the origin, or compares origin and mirror as the client sees them. */
    private static final String SCRIPT = """
            import os, sys, huggingface_hub as hh
            from huggingface_hub import errors
            REPO = "acme/tiny"
            mode = sys.argv[1]
            if mode == "fill":
                hh.snapshot_download(REPO, endpoint=sys.argv[2], cache_dir=sys.argv[3])
                sys.exit(0)
            origin, mirror, cache2, local = sys.argv[2:6]
            def tree(endpoint):
                out = {}
                for f in hh.HfApi(endpoint=endpoint).list_repo_tree(REPO, recursive=True):
                    if isinstance(f, hh.hf_api.RepoFile):
                        out[f.path] = (f.blob_id, f.size, f.lfs.sha256 if f.lfs else None)
                return out
            assert tree(origin) == tree(mirror), (tree(origin), tree(mirror))
            assert tree(mirror)["big.bin"][2] is not None, tree(mirror)
            for name in ("big.bin", "config.json", "sub/x.txt"):
                o = hh.get_hf_file_metadata(hh.hf_hub_url(REPO, name, endpoint=origin))
                m = hh.get_hf_file_metadata(hh.hf_hub_url(REPO, name, endpoint=mirror))
                assert (o.etag, o.size, o.commit_hash) == (m.etag, m.size, m.commit_hash), (name, o, m)
            path = hh.hf_hub_download(REPO, "big.bin", local_dir=local, endpoint=origin)
            before = os.stat(path).st_mtime_ns
            meta = os.path.join(local, ".cache", "huggingface", "download", "big.bin.metadata")
            etag = open(meta).read().splitlines()[1]
            hh.hf_hub_download(REPO, "big.bin", local_dir=local, endpoint=mirror)
            assert os.stat(path).st_mtime_ns == before, "big.bin downloaded again from the mirror"
            assert open(meta).read().splitlines()[1] == etag
            snap = hh.snapshot_download(REPO, endpoint=mirror, cache_dir=cache2)
            print("BIG " + os.path.basename(os.path.realpath(os.path.join(snap, "big.bin"))))
            if len(sys.argv) > 6:
                prefix = sys.argv[6]
                try:
                    hh.hf_hub_download(REPO, "config.json", revision=prefix, endpoint=mirror, cache_dir=cache2)
                    raise AssertionError("ambiguous " + prefix + " resolved")
                except errors.RevisionNotFoundError:
                    pass
                branches = [b.name for b in hh.HfApi(endpoint=mirror).list_repo_refs(REPO).branches]
                assert branches == ["main"], branches
            print("OK")
            """;

    @TempDir
    Path tmp;

    @Test
    void pythonClientSeesTheMirrorOfItsNoSymlinkCacheAsTheOrigin() throws Exception {
        String python = System.getenv().getOrDefault("HUBKIT_HF_PYTHON", "python3");
        assumeTrue(imports(python), python + " cannot import huggingface_hub (set HUBKIT_HF_PYTHON to one that can)");
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("acme/tiny/sub"));
        Files.writeString(root.resolve("acme/tiny/config.json"), "{\"a\":1}");
        Files.writeString(root.resolve("acme/tiny/sub/x.txt"), "hi\n");
        byte[] big = new byte[3000];
        new Random(7).nextBytes(big);
        Files.write(root.resolve("acme/tiny/big.bin"), big);
        Path noLinks = tmp.resolve("no-links");
        String sha = sha256(big);
        try (HubServer origin = HubServer.start(ServerOptions.loopback(new DirectoryRepoStore(root, 1000)))) {
            run(python, Map.of("HF_HUB_DISABLE_SYMLINKS", "1"), "fill", origin.endpoint().toString(), noLinks.toString());
            Path repoDir = noLinks.resolve("models--acme--tiny");
            String commit = Files.readString(repoDir.resolve("refs/main")).strip();
            assertThat(repoDir.resolve("snapshots/" + commit + "/big.bin")).isRegularFile().satisfies(
                    p -> assertThat(Files.isSymbolicLink(p)).isFalse());

            if (Files.isRegularFile(repoDir.resolve("trees/" + commit + ".json"))) {
                // the listing alone tells big.bin is a large file: no threshold would
                try (HubServer mirror = HubServer.start(ServerOptions.loopback(
                        new CacheRepoStore(new HubCache(noLinks), Long.MAX_VALUE)))) {
                    String out = compare(python, origin, mirror, "a", null);
                    assertThat(out).contains("BIG " + sha);
                }
            }

            // without a listing, the threshold decides; the cache also holds a second commit sharing the first
            // 7 digits, and the alias ref huggingface_hub writes for revision=<those 7 digits>
            Path bare = tmp.resolve("bare");
            copy(noLinks, bare);
            deleteTree(bare.resolve("models--acme--tiny/trees"));
            String twin = commit.substring(0, 7) + (commit.charAt(7) == '0' ? '1' : '0') + commit.substring(8);
            copy(bare.resolve("models--acme--tiny/snapshots/" + commit), bare.resolve("models--acme--tiny/snapshots/" + twin));
            Files.writeString(bare.resolve("models--acme--tiny/refs/" + commit.substring(0, 7)), commit);
            try (HubServer mirror = HubServer.start(ServerOptions.loopback(new CacheRepoStore(new HubCache(bare), 1000)))) {
                String out = compare(python, origin, mirror, "b", commit.substring(0, 7));
                assertThat(out).contains("BIG " + sha);
            }
        }
    }

    private String compare(String python, HubServer origin, HubServer mirror, String tag, String ambiguous)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("compare", origin.endpoint().toString(),
                mirror.endpoint().toString(), tmp.resolve("cache2-" + tag).toString(), tmp.resolve("local-" + tag).toString()));
        if (ambiguous != null) {
            args.add(ambiguous);
        }
        String out = run(python, Map.of(), args.toArray(String[]::new));
        assertThat(out).contains("OK");
        return out;
    }

    private String run(String python, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(python, "-c", SCRIPT));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("HF_HOME", tmp.resolve("hf-home").toString());
        pb.environment().put("HF_HUB_DISABLE_TELEMETRY", "1");
        pb.environment().put("HF_HUB_DISABLE_PROGRESS_BARS", "1");
        pb.environment().put("HF_HUB_DISABLE_SYMLINKS_WARNING", "1");
        pb.environment().remove("HF_HUB_OFFLINE");
        pb.environment().remove("HF_ENDPOINT");
        pb.environment().remove("HF_HUB_CACHE");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
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

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
