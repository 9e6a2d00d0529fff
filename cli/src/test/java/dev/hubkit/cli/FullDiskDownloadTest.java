package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.cli.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubkit download} when the cache's disk fills up mid-file: the CLI runs in a child JVM under
 * {@code ulimit -f} (1 MiB, below the fixture's 2 MB file), so the blob's writes fail as on a full disk
 * ({@code EFBIG} rather than {@code ENOSPC}: the same IOException path). It must exit 1 with one stderr
 * line naming the file and the cause, put no blob and no snapshot entry in the cache (at most the
 * {@code .incomplete} part), and a later download with room must complete and be correct.
 */
@EnabledOnOs(OS.LINUX)
class FullDiskDownloadTest {
    @TempDir
    Path tmp;
    HubFixture hub;

    @BeforeEach
    void start() throws Exception {
        hub = new HubFixture(tmp.resolve("root"));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void aFullDiskLeavesNoBlobAndALaterDownloadCompletes() throws Exception {
        Path cache = tmp.resolve("cache");
        LimitedCli.Outcome r = LimitedCli.run(tmp, 1024, "download", "acme/tiny", "model.safetensors",
                "--endpoint", hub.endpoint(), "--cache-dir", cache.toString());
        assertThat(r.exitCode()).as("%s", r.errLines()).isEqualTo(1);
        assertThat(r.errLines()).as("stderr").hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("hubkit: ").contains("model.safetensors").contains("File too large");
        assertThat(r.out()).isEmpty();

        Path repo = cache.resolve("models--acme--tiny");
        if (Files.isDirectory(repo.resolve("blobs"))) {
            try (Stream<Path> blobs = Files.list(repo.resolve("blobs"))) {
                assertThat(blobs.map(b -> b.getFileName().toString()))
                        .as("only a partial download may stay, for resuming")
                        .allMatch(name -> name.endsWith(".incomplete") || name.endsWith(".lock"));
            }
        }
        if (Files.isDirectory(repo.resolve("snapshots"))) {
            try (Stream<Path> all = Files.walk(repo.resolve("snapshots"))) {
                assertThat(all.filter(f -> f.getFileName().toString().equals("model.safetensors")).toList())
                        .as("no snapshot entry for the failed file").isEmpty();
            }
        }

        Result again = CliRunner.run("download", "acme/tiny", "model.safetensors", "--endpoint", hub.endpoint(),
                "--cache-dir", cache.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        Path file = Path.of(again.out().strip());
        assertThat(Files.readAllBytes(file)).isEqualTo(hub.big);
    }
}
