package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.cli.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubkit download REPO FILE} takes FILE as {@code hf download} does: {@code ./config.json} and
 * {@code sub//notes.txt} are fetched (the cached path printed as hf prints it, {@code <snapshot>/./config.json});
 * {@code ..}, absolute names and backslashes are still refused.
 */
class DownloadDotSegmentsTest {

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


    private static String onlyLine(Result r) {
        assertThat(r.err()).as("stderr").isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().split("\\R")).hasSize(1);
        return r.out().strip();
    }

    @Test
    void aDotSegmentIsFetchedAndPrintedAsHfPrintsIt() throws Exception {
        String printed = onlyLine(download("acme/tiny", "./config.json"));
        Path snap = cache.resolve("models--acme--tiny/snapshots").toAbsolutePath();
        assertThat(printed).startsWith(snap.toString()).endsWith("/./config.json");
        assertThat(Files.readString(Path.of(printed))).isEqualTo(HubFixture.CONFIG);
        assertThat(Path.of(printed).normalize().getFileName().toString()).isEqualTo("config.json");

        String nested = onlyLine(download("acme/tiny", "sub/./notes.txt"));
        assertThat(nested).endsWith("/sub/./notes.txt");
        assertThat(Files.readString(Path.of(nested))).isEqualTo(HubFixture.NOTES);
    }

    @Test
    void anEmptySegmentIsFetchedAndPrintedWithoutIt() throws Exception {
        String printed = onlyLine(download("acme/tiny", "sub//notes.txt"));
        assertThat(printed).endsWith("/sub/notes.txt").doesNotContain("//");
        assertThat(Files.readString(Path.of(printed))).isEqualTo(HubFixture.NOTES);
    }

    @Test
    void toALocalDirTheNormalPathIsPrinted() throws Exception {
        Path local = tmp.resolve("local");
        Result r = DownloadCommandTest.withCache(cache, List.of("download", "acme/tiny", "./sub//notes.txt",
                "--local-dir", local.toString(), "--endpoint", hub.endpoint()));
        assertThat(onlyLine(r)).isEqualTo(local.resolve("sub/notes.txt").toAbsolutePath().toString());
        assertThat(Files.readString(local.resolve("sub/notes.txt"))).isEqualTo(HubFixture.NOTES);
    }

    @Test
    void traversalAbsoluteAndBackslashNamesAreStillRefused() {
        for (String bad : List.of("sub/../config.json", "./../config.json", "/config.json", "sub\\notes.txt")) {
            Result r = download("acme/tiny", bad);
            assertThat(r.exitCode()).as(bad).isEqualTo(1);
            assertThat(r.err()).as(bad).contains("refusing file name '" + bad + "'");
        }
        assertThat(cache.resolve("models--acme--tiny/snapshots")).doesNotExist();
    }
}
