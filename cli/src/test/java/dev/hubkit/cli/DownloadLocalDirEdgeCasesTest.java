package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.cli.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubkit download} where huggingface_hub has been before or the folder is in the way: a cache
 * without symlinks is used as it is, patterns selecting nothing print a folder that exists (local dir),
 * and a folder where the metadata goes is named, with nothing written.
 */
class DownloadLocalDirEdgeCasesTest {

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

    @Test
    void aSnapshotOfRealFilesIsNotDownloadedAgainNorLinked() throws Exception {
        Result first = download("acme/tiny");
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path snap = Path.of(first.out().strip());
        List<Path> files;
        try (Stream<Path> s = Files.walk(snap)) {
            files = s.filter(Files::isSymbolicLink).toList();
        }
        for (Path p : files) {
            Path copy = p.resolveSibling(p.getFileName() + ".copy");
            Files.copy(p, copy);
            Files.move(copy, p, StandardCopyOption.REPLACE_EXISTING);
        }
        try (Stream<Path> s = Files.list(cache.resolve("models--acme--tiny/blobs"))) {
            for (Path b : s.toList()) {
                Files.delete(b);
            }
        }
        Result again = download("acme/tiny");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(files).isNotEmpty().allSatisfy(p -> assertThat(Files.isSymbolicLink(p)).isFalse());
        try (Stream<Path> s = Files.list(cache.resolve("models--acme--tiny/blobs"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void includeMatchingNothingPrintsALocalFolderThatExists() {
        Path local = tmp.resolve("nomatch");
        Result r = download("acme/tiny", "--local-dir", local.toString(), "--include", "*.nomatch");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Path.of(r.out().strip())).isEqualTo(local.toAbsolutePath()).isDirectory();
    }

    @Test
    void aFolderWhereTheMetadataGoesIsNamedAndNoTempFileStays() throws Exception {
        Path local = tmp.resolve("md");
        Path meta = Files.createDirectories(local.resolve(".cache/huggingface/download/config.json.metadata"));
        Result r = download("acme/tiny", "config.json", "--local-dir", local.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(meta + " is a folder").contains("remove that folder").doesNotContain(".tmp-");
        assertThat(local.resolve("config.json")).doesNotExist();
        try (Stream<Path> s = Files.list(meta.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
        }
    }
}
