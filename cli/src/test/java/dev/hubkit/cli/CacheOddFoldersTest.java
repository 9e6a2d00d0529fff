package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.cli.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubkit cache ls|prune} on folder names huggingface_hub 2.0's {@code hf cache ls} lists
 * ({@code models--a--b--c} as {@code a/b/c}, {@code models--x}, {@code models--}, {@code kernels--*}) or skips with
 * a warning (unknown prefix, no {@code --}, a file at the root); sizes printed as {@code _format_size} does.
 */
class CacheOddFoldersTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tmp;

    private Path oddCache() throws Exception {
        Path cache = tmp.resolve("cache");
        for (String f : new String[]{"models--a--b--c", "models--x", "models--", "models--org---dash",
                "datasets--org--ds", "spaces--org--sp", "kernels--org--k", "foo--org--n"}) {
            Path dir = cache.resolve(f);
            Files.createDirectories(dir.resolve("blobs"));
            Files.createDirectories(dir.resolve("refs"));
            Files.createDirectories(dir.resolve("snapshots").resolve(COMMIT));
            Files.writeString(dir.resolve("blobs/e1"), "0123456789"); // 10 bytes each
            Files.createSymbolicLink(dir.resolve("snapshots").resolve(COMMIT).resolve("f.txt"),
                    Path.of("../../blobs/e1"));
            Files.writeString(dir.resolve("refs/main"), COMMIT);
        }
        Files.createDirectories(cache.resolve("models--empty--repo/snapshots"));
        Files.createDirectories(cache.resolve("nodashes"));
        Files.writeString(cache.resolve("rootfile.txt"), "hi");
        return cache;
    }

    @Test
    void lsListsEveryFolderHfListsAndWarnsAboutTheOthers() throws Exception {
        Path cache = oddCache();
        Result r = CliRunner.run("cache", "ls", "--cache-dir", cache.toString(), "--show-warnings");
        assertThat(r.exitCode()).isZero();
        String out = r.out();
        assertThat(out).containsPattern("(?m)^model\\s+a/b/c\\s+10\\.0\\s+1\\s")
                .containsPattern("(?m)^model\\s+x\\s+10\\.0\\s+1\\s")
                .containsPattern("(?m)^model\\s+10\\.0\\s+1\\s") // models--: the empty id
                .containsPattern("(?m)^model\\s+org/-dash\\s+10\\.0\\s")
                .containsPattern("(?m)^dataset\\s+org/ds\\s")
                .containsPattern("(?m)^space\\s+org/sp\\s")
                .containsPattern("(?m)^kernel\\s+org/k\\s+10\\.0\\s")
                .doesNotContain("foo", "nodashes", "rootfile");
        // an empty repo is dated by its folder, as scan_cache_dir does, not 1970
        assertThat(out).containsPattern("(?m)^model\\s+empty/repo\\s+0\\.0\\s+0\\s").doesNotContain("1970");
        assertThat(out.strip()).endsWith("total 70.0 in 8 repos");
        assertThat(r.errLines()).containsExactlyInAnyOrder(
                "Warning: Repo type must be one of ['datasets', 'kernels', 'models', 'spaces'], found `foo` ("
                        + cache.resolve("foo--org--n") + "). Repo ignored.",
                "Warning: Repo path is not a valid HuggingFace cache directory: " + cache.resolve("nodashes")
                        + ". Repo ignored.",
                "Warning: Repo path is not a directory: " + cache.resolve("rootfile.txt") + ". Repo ignored.");
    }

    @Test
    void pruneAndRmPrintSizesAsLsDoes() throws Exception {
        Path cache = oddCache();
        Result none = CliRunner.run("cache", "prune", "--cache-dir", cache.toString(), "--max-size", "1G");
        assertThat(none.exitCode()).isZero();
        assertThat(none.out().strip()).isEqualTo("freed 0.0, cache is now 70.0");

        Result some = CliRunner.run("cache", "prune", "--cache-dir", cache.toString(), "--max-size", "35",
                "--keep", "x");
        assertThat(some.exitCode()).isZero();
        assertThat(some.out().strip()).endsWith("freed 40.0, cache is now 30.0").doesNotContain("deleted x:");
        assertThat(cache.resolve("models--x/blobs/e1")).exists();
    }

    @Test
    void rmRemovesARepoLsListsWhateverItsId() throws Exception {
        Path cache = oddCache();
        Result rm = CliRunner.run("cache", "rm", "a/b/c", "--cache-dir", cache.toString());
        assertThat(rm.err()).isEmpty();
        assertThat(rm.out().strip()).isEqualTo("removed a/b/c, freed 10.0");
        assertThat(cache.resolve("models--a--b--c")).doesNotExist();
        Result kernel = CliRunner.run("cache", "rm", "org/k", "--repo-type", "kernel", "--cache-dir", cache.toString());
        assertThat(kernel.exitCode()).isZero();
        assertThat(cache.resolve("kernels--org--k")).doesNotExist();
        assertThat(cache.resolve("models--x")).exists();
    }
}
