package dev.hubkit.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hubkit.hub.HubClient;
import dev.hubkit.hub.HubSettings;
import dev.hubkit.hub.PythonProcess;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.SnapshotOptions;
import dev.hubkit.hub.cache.HubCache;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revisions with a {@code /} between the official Python client {@code huggingface_hub} and {@code serve --cache}:
 * a branch {@code feature/x} and a pull request {@code refs/pr/1}, through every call that takes a revision (repo
 * info, tree, paths-info, commits, file metadata, downloads); the client records them as {@code refs/feature/x} and
 * {@code refs/refs/pr/1}, as hubkit does, and each reads the other's cache offline by those names. Skipped unless the
 * Python named by {@code HUBKIT_HF_PYTHON} (default {@code python3}) imports huggingface_hub.
 */
class PythonSlashedRevisionInteropTest {

    private static final String FEATURE = "2".repeat(40);
    private static final String PR = "3".repeat(40);
    private static final RepoRef REPO = RepoRef.model("acme/tiny");

    private static final String SCRIPT = """
            import os, sys, huggingface_hub as hh
            mode, endpoint, cache = sys.argv[1:4]
            REPO = "acme/tiny"
            expected = {"feature/x": ("%s", "feature"), "refs/pr/1": ("%s", "pull request")}
            if mode == "online":
                api = hh.HfApi(endpoint=endpoint)
                for rev, (commit, text) in expected.items():
                    assert api.model_info(REPO, revision=rev).sha == commit, rev
                    assert sorted(f.path for f in api.list_repo_tree(REPO, revision=rev, recursive=True)) == ["sub", "sub/a.txt"], rev
                    assert [p.path for p in api.get_paths_info(REPO, ["sub/a.txt"], revision=rev)] == ["sub/a.txt"], rev
                    assert api.list_repo_commits(REPO, revision=rev)[0].commit_id == commit, rev
                    assert hh.get_hf_file_metadata(hh.hf_hub_url(REPO, "sub/a.txt", revision=rev, endpoint=endpoint)).commit_hash == commit
                    path = hh.hf_hub_download(REPO, "sub/a.txt", revision=rev, endpoint=endpoint, cache_dir=cache)
                    assert open(path).read() == text, path
                    snap = hh.snapshot_download(REPO, revision=rev, endpoint=endpoint, cache_dir=cache)
                    assert os.path.basename(snap) == commit, snap
                for rev in ("feature/nope", "nope"):
                    for call in (lambda: api.model_info(REPO, revision=rev),
                                 lambda: hh.hf_hub_download(REPO, "sub/a.txt", revision=rev, endpoint=endpoint, cache_dir=cache)):
                        try:
                            call()
                            raise AssertionError("no error for " + rev)
                        except hh.errors.RevisionNotFoundError as e:
                            assert "Invalid rev id: " + rev in str(e), str(e)
            else:
                for rev, (commit, text) in expected.items():
                    path = hh.hf_hub_download(REPO, "sub/a.txt", revision=rev, cache_dir=cache)
                    assert open(path).read() == text, path
                    assert os.path.basename(hh.snapshot_download(REPO, revision=rev, cache_dir=cache)) == commit
            print("OK")
            """.formatted(FEATURE, PR);

    @TempDir
    Path tmp;

    @Test
    void pythonAndHubkitShareSlashedRevisionsThroughServeAndTheirCaches() throws Exception {
        String python = System.getenv().getOrDefault("HUBKIT_HF_PYTHON", "python3");
        assumeTrue(PythonProcess.runs(python, "import huggingface_hub"),
                python + " cannot import huggingface_hub (set HUBKIT_HF_PYTHON to one that can)");
        Path served = tmp.resolve("served/models--acme--tiny");
        snapshot(served, FEATURE, "feature");
        snapshot(served, PR, "pull request");
        ref(served, "main", FEATURE);
        ref(served, "feature/x", FEATURE);
        ref(served, "refs/pr/1", PR);
        Path pyCache = tmp.resolve("py-cache");
        Path ourCache = tmp.resolve("our-cache");
        try (HubServer server = HubServer.start(ServerOptions.loopback(
                new CacheRepoStore(new HubCache(tmp.resolve("served")))))) {
            String endpoint = server.endpoint().toString();
            assertThat(run(python, "online", endpoint, pyCache)).contains("OK");
            try (HubClient client = new HubClient(HubSettings.of(endpoint, ourCache))) {
                for (String rev : new String[]{"feature/x", "refs/pr/1"}) {
                    client.downloadFile(REPO, "sub/a.txt", rev);
                    client.downloadSnapshot(REPO, rev, SnapshotOptions.defaults());
                }
            }
        }
        for (Path cache : new Path[]{pyCache, ourCache}) {
            Path repo = cache.resolve("models--acme--tiny");
            assertThat(Files.readString(repo.resolve("refs/feature/x")).strip()).as(cache.toString()).isEqualTo(FEATURE);
            assertThat(Files.readString(repo.resolve("refs/refs/pr/1")).strip()).as(cache.toString()).isEqualTo(PR);
        }
        // each reads the other's cache offline, by the slashed names
        assertThat(run(python, "offline", "http://127.0.0.1:9", ourCache)).contains("OK");
        try (HubClient off = new HubClient(HubSettings.of("http://127.0.0.1:9", pyCache).withOffline(true))) {
            assertThat(Files.readString(off.downloadFile(REPO, "sub/a.txt", "feature/x"))).isEqualTo("feature");
            assertThat(Files.readString(off.downloadFile(REPO, "sub/a.txt", "refs/pr/1"))).isEqualTo("pull request");
            assertThat(off.downloadSnapshot(REPO, "refs/pr/1", SnapshotOptions.defaults()).getFileName().toString())
                    .isEqualTo(PR);
        }
    }

    private static void snapshot(Path repo, String commit, String content) throws Exception {
        Path f = repo.resolve("snapshots/" + commit + "/sub/a.txt");
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
    }

    private static void ref(Path repo, String name, String commit) throws Exception {
        Path ref = repo.resolve("refs").resolve(name);
        Files.createDirectories(ref.getParent());
        Files.writeString(ref, commit);
    }

    private String run(String python, String mode, String endpoint, Path cache) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(python, "-c", SCRIPT, mode, endpoint, cache.toString())
                .redirectErrorStream(true);
        pb.environment().put("HF_HOME", tmp.resolve("hf-home").toString());
        pb.environment().put("HF_HUB_DISABLE_TELEMETRY", "1");
        pb.environment().put("HF_HUB_DISABLE_PROGRESS_BARS", "1");
        pb.environment().remove("HF_ENDPOINT");
        pb.environment().remove("HF_HUB_CACHE");
        if (mode.equals("offline")) {
            pb.environment().put("HF_HUB_OFFLINE", "1");
        } else {
            pb.environment().remove("HF_HUB_OFFLINE");
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
