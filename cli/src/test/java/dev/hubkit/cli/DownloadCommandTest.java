package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.cli.CliRunner.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code hubkit download} contract against an in-process hub server on loopback: the path on
 * the last (here: only) stdout line, and on failure exit 1 with one stderr line naming the repo,
 * revision or file and the cause.
 */
class DownloadCommandTest {

    @TempDir
    Path tmp;
    HubFixture hub;
    Path cache;

    @BeforeEach
    void start() throws Exception {
        hub = new HubFixture(tmp.resolve("root"));
        cache = tmp.resolve("cache");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private Result download(String... args) {
        return hub.download(cache, args);
    }

    /**
     * Runs {@code args} with {@code cache} as the hub cache: {@code --cache-dir} in this JVM, or, with
     * {@code --local-dir} (which hf download refuses together with {@code --cache-dir}), {@code HF_HUB_CACHE} in
     * the environment of a fresh JVM, as a user sets it.
     */
    static Result withCache(Path cache, List<String> args) {
        if (!args.contains("--local-dir")) {
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of("--cache-dir", cache.toString()));
            return CliRunner.run(all.toArray(String[]::new));
        }
        try {
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp,
                    Hubkit.class.getName()));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().keySet().removeIf(k -> k.startsWith("HF_") || k.startsWith("HUGGING"));
            pb.environment().put("HF_HUB_CACHE", cache.toString());
            Path out = Files.createTempFile(cache.getParent(), "out", ".txt");
            Path err = Files.createTempFile(cache.getParent(), "err", ".txt");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Exit 0, nothing on stderr, exactly one stdout line (nothing extra when piped): the path. */
    private static Path onlyLine(Result r) {
        assertThat(r.err()).as("stderr").isEmpty();
        assertThat(r.exitCode()).isZero();
        String[] lines = r.out().split("\\R");
        assertThat(lines).as("stdout: " + r.out()).hasSize(1);
        return Path.of(lines[0]);
    }

    /** Exit 1, nothing on stdout, exactly one stderr line; returns it. */
    private static String failure(Result r) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).as("stderr: " + r.err()).hasSize(1);
        return r.errLines()[0];
    }

    private String commit() throws Exception {
        return Files.readString(cache.resolve("models--acme--tiny/refs/main"), StandardCharsets.UTF_8).strip();
    }

    @Test
    void snapshotPrintsTheSnapshotFolder() throws Exception {
        Path snap = onlyLine(download("acme/tiny"));
        assertThat(snap).isEqualTo(cache.resolve("models--acme--tiny/snapshots/" + commit()).toAbsolutePath());
        assertThat(snap.resolve("config.json")).isSymbolicLink().hasContent(HubFixture.CONFIG.strip());
        assertThat(Files.readAllBytes(snap.resolve("model.safetensors"))).isEqualTo(hub.big);
        assertThat(snap.resolve("sub/notes.txt")).hasContent(HubFixture.NOTES.strip());
        // again, from the cache, with one worker: same answer
        assertThat(onlyLine(download("acme/tiny", "--workers", "1"))).isEqualTo(snap);
    }

    @Test
    void severalFilesPrintTheSnapshotFolderThatHoldsThemAll() throws Exception {
        // as huggingface_hub's `hf download REPO A B` prints the snapshot folder
        Path p = onlyLine(download("acme/tiny", "config.json", "sub/notes.txt"));
        Path snap = cache.resolve("models--acme--tiny/snapshots/" + commit()).toAbsolutePath();
        assertThat(p).isEqualTo(snap);
        assertThat(snap.resolve("config.json")).exists();
        assertThat(snap.resolve("sub/notes.txt")).exists();
        assertThat(snap.resolve("model.safetensors")).doesNotExist();
        Path local = tmp.resolve("several");
        assertThat(onlyLine(download("acme/tiny", "config.json", "sub/notes.txt", "--local-dir", local.toString())))
                .isEqualTo(local.toAbsolutePath());
        assertThat(local.resolve("sub/notes.txt")).hasContent(HubFixture.NOTES.strip());
    }

    @Test
    void aLocalDirInTheWayIsNamedInOneLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        assertThat(failure(download("acme/tiny", "config.json", "--local-dir", file.toString())))
                .startsWith("hubkit: --local-dir " + file + " is a file, not a folder");
        Path local = tmp.resolve("blocked");
        Files.createDirectories(local.resolve("config.json"));
        assertThat(failure(download("acme/tiny", "config.json", "--local-dir", local.toString())))
                .contains(local.resolve("config.json").toString()).contains("a folder of that name is in the way")
                .doesNotContain(".tmp-");
        Files.createDirectories(tmp.resolve("fileparent"));
        Files.writeString(tmp.resolve("fileparent/sub"), "x");
        assertThat(failure(download("acme/tiny", "sub/notes.txt", "--local-dir", tmp.resolve("fileparent").toString())))
                .contains(tmp.resolve("fileparent/sub") + " is a file, not a folder");
    }

    @Test
    void includeAndExcludeGlobs() throws Exception {
        Path snap = onlyLine(download("acme/tiny", "--include", "*.json", "--exclude", "tokenizer*"));
        try (Stream<Path> s = Files.walk(snap)) {
            assertThat(s.filter(Files::isRegularFile).map(f -> snap.relativize(f).toString()))
                    .containsExactly("config.json");
        }
    }

    @Test
    void revisionAsBranchOrCommit() throws Exception {
        Path byBranch = onlyLine(download("acme/tiny", "config.json", "--revision", "main"));
        Path byCommit = onlyLine(download("acme/tiny", "config.json", "--revision", commit()));
        assertThat(byCommit).isEqualTo(byBranch);
        assertThat(failure(download("acme/tiny", "--revision", "v9")))
                .startsWith("hubkit: revision v9 not found in acme/tiny");
        assertThat(failure(download("acme/tiny", "config.json", "--revision", "v9")))
                .startsWith("hubkit: revision v9 not found in acme/tiny");
    }

    @Test
    void kernelReposAreRefusedAsForHfKernelsUris() {
        // 'kernel' is a type the cache commands know (huggingface_hub 2.0 lists kernels--*), not one to fetch
        assertThat(failure(download("acme/k", "--repo-type", "kernel")))
                .isEqualTo("hubkit: 'acme/k': kernels are not supported by hubkit download");
        assertThat(failure(download("kernels/acme/k"))).contains("kernels are not supported by hubkit download");
        assertThat(cache).doesNotExist();
    }

    @Test
    void datasetRepoType() throws Exception {
        Path p = onlyLine(download("acme/data", "train.csv", "--repo-type", "dataset"));
        assertThat(p.toString()).contains("datasets--acme--data");
        assertThat(p).hasContent("a,b\n1,2");
        assertThat(failure(download("acme/data", "--repo-type", "notebook")))
                .startsWith("hubkit: unknown repo type 'notebook'");
    }

    @Test
    void localDirGetsRealFilesAndIsPrinted() throws Exception {
        Path local = tmp.resolve("local");
        Path p = onlyLine(download("acme/tiny", "sub/notes.txt", "--local-dir", local.toString()));
        assertThat(p).isEqualTo(local.resolve("sub/notes.txt"));
        assertThat(p).isRegularFile().hasContent(HubFixture.NOTES.strip());
        assertThat(Files.isSymbolicLink(p)).isFalse();
        assertThat(local.resolve("config.json")).doesNotExist();

        Path all = tmp.resolve("all");
        assertThat(onlyLine(download("acme/tiny", "--local-dir", all.toString()))).isEqualTo(all);
        assertThat(Files.readAllBytes(all.resolve("model.safetensors"))).isEqualTo(hub.big);
        assertThat(Files.isSymbolicLink(all.resolve("config.json"))).isFalse();
    }

    @Test
    void localDirIsFilledAsHuggingfaceHubDoesAndAnswersOffline() throws Exception {
        Path local = tmp.resolve("hf-local");
        assertThat(onlyLine(download("acme/tiny", "--local-dir", local.toString()))).isEqualTo(local);
        // straight into the folder: metadata per file, no file in the cache
        List<String> meta = Files.readAllLines(local.resolve(".cache/huggingface/download/sub/notes.txt.metadata"));
        assertThat(meta).hasSize(3).first().isEqualTo(commit());
        assertThat(local.resolve(".cache/huggingface/.gitignore")).hasContent("*");
        assertThat(cache.resolve("models--acme--tiny/blobs")).doesNotExist();
        // offline: the folder, and one file of it, without the hub
        assertThat(onlyLine(download("acme/tiny", "--local-dir", local.toString(), "--offline"))).isEqualTo(local);
        assertThat(onlyLine(download("acme/tiny", "config.json", "--local-dir", local.toString(), "--offline")))
                .isEqualTo(local.resolve("config.json"));
        Files.delete(local.resolve("config.json"));
        assertThat(failure(download("acme/tiny", "config.json", "--local-dir", local.toString(), "--offline")))
                .startsWith("hubkit: file config.json of acme/tiny@main is not in " + local.toAbsolutePath());
        assertThat(failure(download("acme/tiny", "--local-dir", local.toString(), "--offline")))
                .startsWith("hubkit: Incomplete snapshot available at: " + local.toAbsolutePath() + ": 1 file(s) of"
                        + " 'acme/tiny' (revision 'main', commit ").contains("are missing (config.json)");
    }

    @Test
    void localDirAndCacheDirTogetherAreRefusedAsHfDoes() {
        Result r = CliRunner.run("download", "acme/tiny", "config.json", "--local-dir", tmp.resolve("l").toString(),
                "--cache-dir", cache.toString(), "--endpoint", hub.endpoint());
        assertThat(failure(r)).isEqualTo("hubkit: Cannot use both `--local-dir` and `--cache-dir` at the same time. "
                + "Use `--cache-dir` (or set the HF_HOME environment variable) for shared caching, or `--local-dir` "
                + "for a one-off download to a specific directory.");
        assertThat(tmp.resolve("l")).doesNotExist();
    }

    @Test
    void localDirGetsOnlyTheFilesThePatternsSelect() throws Exception {
        // a wider download first, so the cached snapshot folder holds more than the patterns select
        onlyLine(download("acme/tiny"));
        Path local = tmp.resolve("filtered");
        assertThat(onlyLine(download("acme/tiny", "--include", "*.json", "--exclude", "tokenizer*",
                "--local-dir", local.toString()))).isEqualTo(local);
        try (Stream<Path> s = Files.walk(local)) {
            // huggingface_hub's bookkeeping under .cache/ aside
            assertThat(s.filter(Files::isRegularFile).map(f -> local.relativize(f).toString())
                    .filter(f -> !f.startsWith(".cache/"))).containsExactly("config.json");
        }
    }

    @Test
    void repositoryNotFound() {
        assertThat(failure(download("acme/x"))).startsWith("hubkit: repository acme/x not found");
        assertThat(failure(download("acme/x", "config.json"))).startsWith("hubkit: repository acme/x not found");
    }

    @Test
    void fileNotFound() {
        assertThat(failure(download("acme/tiny", "nope.bin")))
                .startsWith("hubkit: file nope.bin not found in acme/tiny@main");
    }

    @Test
    void gatedRepoNeedsAToken() throws Exception {
        assertThat(failure(download("acme/gated"))).startsWith("hubkit: acme/gated is gated: pass a token");
        assertThat(failure(download("acme/gated", "g.txt"))).startsWith("hubkit: acme/gated is gated: pass a token");
        assertThat(failure(download("acme/gated", "g.txt", "--token", "wrong")))
                .startsWith("hubkit: acme/gated is gated: your token has not been granted access");
        assertThat(onlyLine(download("acme/gated", "g.txt", "--token", HubFixture.GATED_TOKEN))).hasContent("gated");
    }

    @Test
    void privateRepoIsNotFoundWithoutTheRightToken() throws Exception {
        String noToken = failure(download("acme/private", "secret.txt"));
        assertThat(noToken).startsWith("hubkit: repository acme/private not found").contains("pass a token");
        String wrong = failure(download("acme/private", "--token", "not-the-token"));
        assertThat(wrong).startsWith("hubkit: repository acme/private not found").doesNotContain("not-the-token");
        assertThat(onlyLine(download("acme/private", "secret.txt", "--token", HubFixture.PRIVATE_TOKEN)))
                .hasContent("s3cret");
    }

    @Test
    void offlineAnswersFromTheCacheOrNamesWhatIsMissing() throws Exception {
        String file = failure(download("acme/tiny", "config.json", "--offline"));
        assertThat(file).startsWith("hubkit: file config.json of acme/tiny@main is not in the cache")
                .contains("offline");
        String snapshot = failure(download("acme/tiny", "--offline"));
        assertThat(snapshot).startsWith("hubkit: no snapshot of acme/tiny@main in the cache").contains("offline");

        Path online = onlyLine(download("acme/tiny"));
        hub.close();
        assertThat(onlyLine(download("acme/tiny", "--offline"))).isEqualTo(online);
        assertThat(onlyLine(download("acme/tiny", "sub/notes.txt", "--offline")))
                .isEqualTo(online.resolve("sub/notes.txt"));
        // server gone and not offline: the cache still answers
        assertThat(onlyLine(download("acme/tiny", "config.json"))).isEqualTo(online.resolve("config.json"));
        assertThat(failure(download("acme/tiny", "nope.txt", "--offline")))
                .startsWith("hubkit: file nope.txt of acme/tiny@main is not in the cache");
    }

    @Test
    void badArgumentsAreOneLineUserErrors() {
        assertThat(failure(download("acme/tiny", "--workers", "0"))).contains("--workers must be at least 1");
        assertThat(failure(download("acme/tiny", "../etc/passwd"))).startsWith("hubkit: refusing file name");
        assertThat(failure(CliRunner.run("download", "acme/tiny", "--endpoint", "ftp://example", "--cache-dir",
                cache.toString()))).contains("not an http(s) URL");
    }
}
