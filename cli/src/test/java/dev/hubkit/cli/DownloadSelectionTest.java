package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.cli.CliRunner.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubkit download} reads its arguments as {@code hf download} (huggingface_hub 2.0) does: several FILES
 * are patterns of one snapshot, a name ending in {@code /} a folder, {@code --include/--exclude} ignored with a
 * warning next to FILES, {@code datasets/org/name} and {@code hf://} repo ids; offline, a snapshot that its tree
 * listing shows incomplete is refused.
 */
class DownloadSelectionTest {

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

    private Path snapshot(String repoFolder) throws Exception {
        String commit = Files.readString(cache.resolve(repoFolder + "/refs/main"), StandardCharsets.UTF_8).strip();
        return cache.resolve(repoFolder + "/snapshots/" + commit).toAbsolutePath();
    }

    private List<String> files(Path snap) throws Exception {
        try (Stream<Path> s = Files.walk(snap)) {
            return s.filter(p -> !Files.isDirectory(p)).map(p -> snap.relativize(p).toString()).sorted().toList();
        }
    }

    private static String okLine(Result r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out().strip();
    }

    @Test
    void severalFilesAreGlobsAndAMissingOneIsNoError() throws Exception {
        String out = okLine(download("acme/tiny", "*.json", "nothing-like-this.txt"));
        Path snap = snapshot("models--acme--tiny");
        assertThat(out).isEqualTo(snap.toString());
        assertThat(files(snap)).containsExactly("config.json", "tokenizer.json");
    }

    @Test
    void patternOptionsBesideFilesAreIgnoredWithAWarning() throws Exception {
        Result r = download("acme/tiny", "config.json", "sub/notes.txt", "--include", "*.safetensors",
                "--exclude", "config*");
        assertThat(okLine(r)).isEqualTo(snapshot("models--acme--tiny").toString());
        assertThat(r.errLines()).containsExactly(
                "UserWarning: Ignoring `--include` since filenames have been explicitly set.",
                "UserWarning: Ignoring `--exclude` since filenames have been explicitly set.");
        assertThat(files(snapshot("models--acme--tiny"))).containsExactly("config.json", "sub/notes.txt");
    }

    @Test
    void aFailingDownloadEndsWithItsErrorAloneNotTheIgnoredOptionsWarning() {
        Result r = download("acme/tiny", "config.json", "sub/notes.txt", "--include", "*.safetensors", "--offline");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines()[0]).startsWith("hubkit: ").contains("offline");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aNameEndingInSlashIsAFolder() throws Exception {
        assertThat(okLine(download("acme/tiny", "sub/"))).isEqualTo(snapshot("models--acme--tiny").toString());
        assertThat(files(snapshot("models--acme--tiny"))).containsExactly("sub/notes.txt");
        Result both = download("acme/tiny", "sub/", "--include", "*.json");
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.err().strip()).isEqualTo("hubkit: Cannot combine subfolder argument ('sub/') with "
                + "`--include`. Please use `--include \"sub/*\"` instead.");
    }

    @Test
    void aSingleMissingFileIsStillAnError() {
        Result r = download("acme/tiny", "nothing-like-this.txt");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("nothing-like-this.txt");
    }

    @Test
    void typePrefixAndHfUris() throws Exception {
        assertThat(okLine(download("datasets/acme/data"))).isEqualTo(snapshot("datasets--acme--data").toString());
        Result both = download("datasets/acme/data", "--repo-type", "dataset");
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.err()).contains("Ambiguous repo type: got prefix 'datasets/' in repo ID and explicit --type.");

        Path file = Path.of(okLine(download("hf://acme/tiny@main/sub/notes.txt")));
        assertThat(file).isEqualTo(snapshot("models--acme--tiny").resolve("sub/notes.txt"));
        assertThat(okLine(download("hf://acme/tiny/sub/"))).isEqualTo(snapshot("models--acme--tiny").toString());
        assertThat(okLine(download("hf://datasets/acme/data"))).isEqualTo(snapshot("datasets--acme--data").toString());
        Result rev = download("hf://acme/tiny", "--revision", "main");
        assertThat(rev.exitCode()).isEqualTo(1);
        assertThat(rev.err().strip()).isEqualTo("hubkit: '--revision' cannot be used with an 'hf://' URI "
                + "('hf://acme/tiny').");
        Result bad = download("hf://acme");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("Invalid HF URI: hf://acme. Repository id must be 'namespace/name'");
    }

    @Test
    void offlineRefusesASnapshotItsListingShowsIncomplete() throws Exception {
        okLine(download("acme/tiny", "--include", "*.json"));
        Path snap = snapshot("models--acme--tiny");
        Result all = download("acme/tiny", "--offline");
        assertThat(all.exitCode()).isEqualTo(1);
        assertThat(all.out()).isEmpty();
        assertThat(all.errLines()).hasSize(1);
        assertThat(all.err()).startsWith("hubkit: Incomplete snapshot available at: " + snap)
                .contains("model.safetensors, sub/notes.txt");
        assertThat(okLine(download("acme/tiny", "--offline", "--include", "*.json"))).isEqualTo(snap.toString());
        assertThat(cache.resolve("CACHEDIR.TAG")).exists();
    }

    @Test
    void thePrintedPathGoesThroughSymlinksOfTheCacheFolder() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        Result r = CliRunner.run("download", "acme/tiny", "config.json", "--endpoint", hub.endpoint(),
                "--cache-dir", link.resolve("c").toString());
        assertThat(okLine(r)).startsWith(real.toRealPath().resolve("c/models--acme--tiny/snapshots/").toString())
                .endsWith("/config.json");
        Result local = DownloadCommandTest.withCache(link.resolve("c"), List.of("download", "acme/tiny", "config.json",
                "sub/notes.txt", "--endpoint", hub.endpoint(), "--local-dir", link.resolve("l").toString()));
        assertThat(okLine(local)).isEqualTo(real.toRealPath().resolve("l").toString());
    }
}
