package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.cli.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cache verify --delete} keeps what it cannot read (a blob that is a link loop here, ELOOP, as root reads
 * every file; another user's blob gives EACCES the same way), and its exit status says so: 1, with one stderr line
 * saying how many files were kept and what to do. Without {@code --delete}, problems found fail the same way (exit 1,
 * one stderr line; the report on stdout). A cache it could read in full still exits 0 with nothing on stderr.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class CacheVerifyUnreadableTest {

    private static final String COMMIT = "1".repeat(40);
    private static final String LOOP = "e".repeat(64);
    private static final String GOOD = "ce013625030ba8dba906f756967f9e9ca394464a";

    @TempDir
    Path tmp;

    private Path cache(boolean withLoop) throws Exception {
        Path repo = tmp.resolve("cache/models--acme--a");
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Path snap = Files.createDirectories(repo.resolve("snapshots").resolve(COMMIT));
        // git blob id of "hello\n"
        Files.writeString(blobs.resolve(GOOD), "hello\n");
        Files.createSymbolicLink(snap.resolve("a.txt"), Path.of("../../blobs/" + GOOD));
        if (withLoop) {
            Files.createSymbolicLink(blobs.resolve(LOOP), Path.of(LOOP));
            Files.createSymbolicLink(snap.resolve("model.bin"), Path.of("../../blobs/" + LOOP));
        }
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), COMMIT);
        return tmp.resolve("cache");
    }

    @Test
    void deleteExitsOneWhenItKeptFilesItCouldNotRead() throws Exception {
        Path root = cache(true);
        Result r = CliRunner.run("cache", "verify", "--delete", "--cache-dir", root.toString());
        assertThat(r.out()).contains("UNREADABLE acme/a ").contains("cannot be read").contains(LOOP)
                .doesNotContain("deleted ").doesNotContain("BAD ");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("hubkit: 1 file(s) could not be read and were kept")
                .contains("permissions").contains("hubkit cache verify --delete"));
        Path snap = root.resolve("models--acme--a/snapshots").resolve(COMMIT);
        assertThat(Files.isSymbolicLink(snap.resolve("model.bin"))).isTrue();
        assertThat(Files.exists(root.resolve("models--acme--a/blobs").resolve(LOOP), LinkOption.NOFOLLOW_LINKS)).isTrue();

        // without --delete: a problem, as before (exit 1, the report on stdout)
        Result plain = CliRunner.run("cache", "verify", "--cache-dir", root.toString());
        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.out()).contains("cannot be read");
    }

    /** Without {@code --delete}, problems fail as every hubkit command fails: exit 1 and one stderr line. */
    @Test
    void aBadBlobFailsWithOneStderrLineThatSaysWhatToDo() throws Exception {
        Path root = cache(false);
        Files.writeString(root.resolve("models--acme--a/blobs").resolve(GOOD), "not hello\n");
        Result r = CliRunner.run("cache", "verify", "--cache-dir", root.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("BAD acme/a ").contains("1 problem(s)");
        assertThat(r.errLines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("hubkit: 1 bad file(s) found (listed above as BAD)")
                .contains("hubkit cache verify --delete"));
    }

    @Test
    void anUnreadableFileIsNotCalledBadInTheFailureLine() throws Exception {
        Path root = cache(true);
        Result r = CliRunner.run("cache", "verify", "--cache-dir", root.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("hubkit: 1 file(s) could not be read (listed above as UNREADABLE)")
                .contains("permissions").doesNotContain("BAD"));
    }

    @Test
    void aFullyReadableCacheStillExitsZeroWithNothingOnStderr() throws Exception {
        Path root = cache(false);
        for (String[] args : new String[][]{{"cache", "verify", "--delete", "--cache-dir", root.toString()},
                {"cache", "verify", "--cache-dir", root.toString()}}) {
            Result r = CliRunner.run(args);
            assertThat(r.exitCode()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out().strip()).isEqualTo("all blobs verified");
        }
    }
}
