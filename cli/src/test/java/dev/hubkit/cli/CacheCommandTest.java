package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.cli.CliRunner.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hubkit cache ls|verify|prune|rm} on a cache filled by {@code hubkit download}. */
class CacheCommandTest {

    @TempDir
    Path tmp;
    HubFixture hub;
    Path cache;

    @BeforeEach
    void fill() throws Exception {
        hub = new HubFixture(tmp.resolve("root"));
        cache = tmp.resolve("cache");
        ok(CliRunner.run("download", "acme/tiny", "--endpoint", hub.endpoint(), "--cache-dir", cache.toString()));
        ok(CliRunner.run("download", "acme/data", "--repo-type", "dataset", "--endpoint", hub.endpoint(),
                "--cache-dir", cache.toString()));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private static String ok(Result r) {
        assertThat(r.err()).as("stderr").isEmpty();
        assertThat(r.exitCode()).isZero();
        return r.out();
    }

    private Result cache(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "cache";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--cache-dir";
        all[args.length + 2] = cache.toString();
        return CliRunner.run(all);
    }

    private Path blobs(String repoFolder) {
        return cache.resolve(repoFolder).resolve("blobs");
    }

    private long count(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void lsListsEveryRepoWithSizeFilesAndRevisions() throws Exception {
        String out = ok(cache("ls"));
        String[] lines = out.split("\\R");
        // sizes as huggingface_hub's _format_size prints them (powers of 1000): 2 MiB and a bit is 2.1M, 8 bytes 8.0
        assertThat(lines[0]).startsWith("TYPE").contains("REPO", "SIZE", "FILES", "LAST ACCESS", "REVISIONS");
        String commit = Files.readString(cache.resolve("models--acme--tiny/refs/main"), StandardCharsets.UTF_8).strip();
        assertThat(out).containsPattern("(?m)^model\\s+acme/tiny\\s+2\\.1M\\s+4\\s.*" + commit + " \\(main\\)");
        assertThat(out).containsPattern("(?m)^dataset\\s+acme/data\\s+8\\.0\\s+1\\s");
        assertThat(lines[lines.length - 1]).matches("total 2\\.1M in 2 repos");
    }

    @Test
    void lsSkipsWithAWarningWhatHuggingfaceHubSkips() throws Exception {
        Files.createDirectories(cache.resolve("models--acme--nosnap/blobs"));
        Files.createDirectories(cache.resolve("not-a-repo"));
        Files.createDirectories(cache.resolve("models--acme--badref/snapshots"));
        Files.createDirectories(cache.resolve("models--acme--badref/refs"));
        Files.writeString(cache.resolve("models--acme--badref/refs/main"), "0".repeat(40));
        Result summary = cache("ls");
        assertThat(summary.exitCode()).isZero();
        // as hf cache ls: how many, and each one only when asked
        assertThat(summary.errLines()).containsExactly(
                "Warning: Found 3 cache inconsistencies. Re-run with `--show-warnings` to display them.");
        Result r = cache("ls", "--show-warnings");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(summary.out());
        assertThat(r.errLines()).containsExactlyInAnyOrder(
                "Warning: Snapshots dir doesn't exist in cached repo: " + cache.resolve("models--acme--nosnap/snapshots")
                        + ". Repo ignored.",
                "Warning: Repo path is not a valid HuggingFace cache directory: " + cache.resolve("not-a-repo")
                        + ". Repo ignored.",
                "Warning: Reference(s) refer to missing commit hashes: {'" + "0".repeat(40) + "': {'main'}} ("
                        + cache.resolve("models--acme--badref") + "). Repo ignored.");
        assertThat(r.out()).doesNotContain("nosnap", "badref", "not-a-repo").contains("acme/tiny", "acme/data");
    }

    @Test
    void verifyReportsAndDeletesACorruptBlob() throws Exception {
        assertThat(ok(cache("verify")).strip()).isEqualTo("all blobs verified");
        Path big = cache.resolve("models--acme--tiny/snapshots").toRealPath();
        Path blob;
        try (Stream<Path> s = Files.list(big)) {
            blob = s.findFirst().orElseThrow().resolve("model.safetensors").toRealPath();
        }
        byte[] bytes = Files.readAllBytes(blob);
        bytes[12345] ^= 1;
        Files.write(blob, bytes);

        Result bad = cache("verify");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.out()).contains("BAD ", blob.getFileName().toString(), "sha256").contains("1 problem(s)");

        Result fixed = cache("verify", "--delete");
        assertThat(fixed.exitCode()).isZero();
        assertThat(fixed.out()).contains("deleted ", blob.getFileName().toString());
        assertThat(blob).doesNotExist();
        assertThat(ok(cache("verify")).strip()).isEqualTo("all blobs verified");
    }

    /** huggingface_hub's layout without symlinks (e.g. Windows): real files in the snapshot, no blobs. */
    @Test
    void realFilesInSnapshotsAreListedPrunedAndNotCalledBad() throws Exception {
        Path snaps = cache.resolve("models--acme--tiny/snapshots");
        try (Stream<Path> s = Files.walk(snaps)) {
            for (Path link : (Iterable<Path>) s.filter(Files::isSymbolicLink).toList()::iterator) {
                Path target = link.toRealPath();
                Files.delete(link);
                Files.move(target, link);
            }
        }
        assertThat(count(blobs("models--acme--tiny"))).isZero();
        assertThat(ok(cache("ls"))).containsPattern("(?m)^model\\s+acme/tiny\\s+2\\.1M\\s+4\\s");

        // the commit's listing (trees/) checks them
        assertThat(ok(cache("verify")).strip()).isEqualTo("all blobs verified");
        Path trees = cache.resolve("models--acme--tiny/trees");
        try (Stream<Path> s = Files.list(trees)) {
            for (Path t : s.toList()) {
                Files.delete(t);
            }
        }
        String verify = ok(cache("verify"));
        assertThat(verify).contains("cannot verify ", "model.safetensors").doesNotContain("BAD ")
                .contains("all blobs verified; 4 file(s) could not be verified");

        String pruned = ok(cache("prune", "--max-size", "0"));
        // the size ls printed for the repo (powers of 1000), not 2.0M in powers of 1024
        assertThat(pruned).contains("deleted acme/tiny: snapshots/").containsPattern("freed 2\\.1M");
        assertThat(cache.resolve("models--acme--tiny")).doesNotExist();
    }

    @Test
    void pruneKeepsTheKeptRepoAndStopsAtTheLimit() throws Exception {
        String none = ok(cache("prune", "--max-size", "1G"));
        assertThat(none.strip()).startsWith("freed 0.0,"); // _format_size(0), as ls prints sizes
        assertThat(count(blobs("models--acme--tiny"))).isEqualTo(4);

        String out = ok(cache("prune", "--max-size", "0", "--keep", "acme/tiny"));
        assertThat(out).contains("deleted ").doesNotContain("models--acme--tiny");
        assertThat(count(blobs("models--acme--tiny"))).isEqualTo(4);
        assertThat(count(blobs("datasets--acme--data"))).isZero();

        String all = ok(cache("prune", "--max-size", "0"));
        assertThat(all).contains("cache is now 0.0");
        assertThat(count(blobs("models--acme--tiny"))).isZero();

        Result keepNothing = cache("prune", "--max-size", "0", "--keep", "acme/data");
        assertThat(keepNothing.exitCode()).isEqualTo(1);
        assertThat(keepNothing.errLines()).hasSize(1);
        assertThat(keepNothing.err()).contains("--keep acme/data: no model repo acme/data in")
                .contains("--repo-type").contains("nothing was deleted");

        Result bad = cache("prune", "--max-size", "lots");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.errLines()).hasSize(1);
        assertThat(bad.err()).contains("lots");
    }

    @Test
    void aMissingCacheFolderIsAnErrorNotAnEmptyCache() {
        for (String[] args : new String[][]{{"ls"}, {"verify"}, {"prune", "--max-size", "0"}, {"rm", "acme/tiny"}}) {
            String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("cache"),
                    java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                            java.util.stream.Stream.of("--cache-dir", tmp.resolve("nope").toString()))).toArray(String[]::new);
            Result r = CliRunner.run(all);
            assertThat(r.exitCode()).as(String.join(" ", all)).isEqualTo(1);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.err()).startsWith("hubkit: no hub cache at " + tmp.resolve("nope")).contains("--cache-dir");
        }
    }

    @Test
    void rmRemovesARevisionOrAWholeRepo() throws Exception {
        String commit = Files.readString(cache.resolve("models--acme--tiny/refs/main"), StandardCharsets.UTF_8).strip();
        assertThat(ok(cache("rm", "acme/tiny@main"))).startsWith("removed acme/tiny@main, freed 2.1M");
        assertThat(cache.resolve("models--acme--tiny/snapshots/" + commit)).doesNotExist();
        assertThat(count(blobs("models--acme--tiny"))).isZero();

        assertThat(ok(cache("rm", "acme/data", "--repo-type", "dataset"))).startsWith("removed acme/data, freed ");
        assertThat(cache.resolve("datasets--acme--data")).doesNotExist();
        assertThat(ok(cache("ls"))).doesNotContain("acme/data");

        Result missing = cache("rm", "acme/nothere");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.errLines()).hasSize(1);
        assertThat(missing.err()).startsWith("hubkit: repository acme/nothere is not in the cache");
    }
}
