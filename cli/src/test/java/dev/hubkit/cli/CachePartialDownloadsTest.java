package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.cli.CliRunner.Result;
import dev.hubkit.hub.RepoRef;
import dev.hubkit.hub.cache.BlobLock;
import dev.hubkit.hub.cache.HubCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partial downloads left in {@code blobs/} by stopped downloads ({@code {etag}.incomplete}, huggingface_hub 2.0's
 * per-process {@code {etag}.{8 hex}.incomplete}, hubkit's chunk files): {@code cache ls} hints at them as
 * {@code hf cache ls} does, and {@code cache prune} deletes them as {@code hf cache prune} does, but never one a
 * running download holds the lock of.
 */
class CachePartialDownloadsTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String STOPPED = "a".repeat(64);
    private static final String KILLED = "b".repeat(40);
    private static final String RUNNING = "c".repeat(64);
    private static final String CHUNKED = "d".repeat(64);

    @TempDir
    Path tmp;

    private Path cacheWithPartials() throws Exception {
        Path cache = tmp.resolve("cache");
        Path repo = cache.resolve("models--acme--tiny");
        Files.createDirectories(repo.resolve("snapshots").resolve(COMMIT));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), COMMIT);
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Files.writeString(blobs.resolve("e1"), "0123456789");
        Files.createSymbolicLink(repo.resolve("snapshots").resolve(COMMIT).resolve("f.txt"), Path.of("../../blobs/e1"));
        Files.write(blobs.resolve(STOPPED + ".incomplete"), new byte[1000]);
        Files.write(blobs.resolve(KILLED + ".0123abcd.incomplete"), new byte[500]);
        Files.write(blobs.resolve(RUNNING + ".incomplete"), new byte[200]);
        Files.write(blobs.resolve(CHUNKED + ".chunks.incomplete"), new byte[300]);
        Files.write(blobs.resolve(CHUNKED + ".chunks.progress"), new byte[16]);
        return cache;
    }

    @Test
    void lsHintsAtIncompleteDownloadsAsHfDoes() throws Exception {
        Path cache = cacheWithPartials();
        Result r = CliRunner.run("cache", "ls", "--cache-dir", cache.toString());
        assertThat(r.exitCode()).isZero();
        // not counted in the repo's size, as scan_cache_dir leaves them out of size_on_disk
        assertThat(r.out()).containsPattern("(?m)^model\\s+acme/tiny\\s+10\\.0\\s+1\\s");
        assertThat(r.errLines()).containsExactly(
                "Hint: Found 4 incomplete download(s) totalling 2.0K. Remove them with 'hubkit cache prune'.");
    }

    @Test
    void pruneDeletesStoppedDownloadsButNotARunningOne() throws Exception {
        Path cache = cacheWithPartials();
        Path blobs = cache.resolve("models--acme--tiny/blobs");
        HubCache hub = new HubCache(cache);
        Result r;
        try (BlobLock running = hub.lockBlob(RepoRef.model("acme/tiny"), RUNNING, Duration.ofSeconds(5))) {
            r = CliRunner.run("cache", "prune", "--cache-dir", cache.toString(), "--max-size", "1G");
        }
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines()).containsExactly(
                "deleted partial download " + blobs.resolve(STOPPED + ".incomplete"),
                "deleted partial download " + blobs.resolve(KILLED + ".0123abcd.incomplete"),
                "deleted partial download " + blobs.resolve(CHUNKED + ".chunks.incomplete"),
                "deleted partial download " + blobs.resolve(CHUNKED + ".chunks.progress"),
                "freed 1.8K, cache is now 10.0");
        assertThat(blobs.resolve(RUNNING + ".incomplete")).exists();
        assertThat(blobs.resolve("e1")).exists();
        assertThat(cache.resolve("models--acme--tiny/snapshots").resolve(COMMIT).resolve("f.txt")).exists();

        Result ls = CliRunner.run("cache", "ls", "--cache-dir", cache.toString());
        assertThat(ls.errLines()).containsExactly(
                "Hint: Found 1 incomplete download(s) totalling 200.0. Remove them with 'hubkit cache prune'.");
        Result again = CliRunner.run("cache", "prune", "--cache-dir", cache.toString(), "--max-size", "1G");
        assertThat(again.out().lines()).containsExactly(
                "deleted partial download " + blobs.resolve(RUNNING + ".incomplete"), "freed 200.0, cache is now 10.0");
        assertThat(CliRunner.run("cache", "ls", "--cache-dir", cache.toString()).err()).isEmpty();
    }

    /**
     * What the hint says to run removes the partial downloads and nothing else: no complete blob, not even one no
     * snapshot links to or the least recently used (a --max-size below the total would delete those too).
     */
    @Test
    void theHintedPruneDeletesPartialDownloadsOnly() throws Exception {
        Path cache = cacheWithPartials();
        Path blobs = cache.resolve("models--acme--tiny/blobs");
        Files.writeString(blobs.resolve("e2"), "unlinked blob");
        Result ls = CliRunner.run("cache", "ls", "--cache-dir", cache.toString());
        String hinted = ls.err().substring(ls.err().indexOf("'hubkit ") + 8, ls.err().lastIndexOf('\''));
        assertThat(hinted).isEqualTo("cache prune");
        Result r = CliRunner.run("cache", "prune", "--cache-dir", cache.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines()).hasSize(6).last().asString().startsWith("freed 2.0K, cache is now ");
        assertThat(blobs.resolve("e1")).exists();
        assertThat(blobs.resolve("e2")).exists();
        assertThat(cache.resolve("models--acme--tiny/snapshots").resolve(COMMIT).resolve("f.txt")).exists();
        try (var files = Files.list(blobs)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("incomplete"));
        }
    }
}
