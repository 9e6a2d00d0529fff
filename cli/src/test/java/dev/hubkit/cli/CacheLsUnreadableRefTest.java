package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.cli.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cache ls} over a cache with a ref file that cannot be read (a link loop: ELOOP, as root too): one error line
 * that names the cache folder once, then the file inside it and why.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class CacheLsUnreadableRefTest {

    @TempDir
    Path tmp;

    @Test
    void theErrorNamesTheCacheFolderOnce() throws Exception {
        Path repo = tmp.resolve("cache/models--acme--a");
        Files.createDirectories(repo.resolve("snapshots"));
        Files.createDirectories(repo.resolve("refs"));
        Files.createSymbolicLink(repo.resolve("refs/main"), Path.of("main"));
        Path root = tmp.resolve("cache").toRealPath();

        Result r = CliRunner.run("cache", "ls", "--cache-dir", root.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.errLines()).singleElement().satisfies(line -> {
            assertThat(line).startsWith("hubkit: cannot scan cache folder " + root + ": models--acme--a/refs/main: ")
                    .endsWith("; check that the folder and its files can be read");
            assertThat(line.split(java.util.regex.Pattern.quote(root.toString()), -1)).hasSize(2);
        });
    }
}
